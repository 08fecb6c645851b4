package io.gearpump.net.node;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.auth.Handshakes;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.protocol.NetWire;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.rpc.RpcCodec;
import io.gearpump.net.rpc.RpcServer;
import io.gearpump.net.rpc.RpcSettings;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.security.SecureRandom;
import java.util.function.Function;

/**
 * What every process of the cluster (master, worker, executor, client) needs to talk: its event
 * loops, the wire registry, the request/response codec and settings, and the handshake. Owns the
 * loops; close it last.
 */
public record NodeContext(GearConfig config, EventLoopGroup loops, WireRegistry registry, RpcCodec codec,
                          RpcSettings settings, Handshakes handshakes) implements AutoCloseable {

    public static NodeContext start(String name, GearConfig config, ClassLoader userTypes) {
        return start(name, config, userTypes, java.util.List.of());
    }

    /** With more engine wire types (e.g. the master's Raft messages). */
    public static NodeContext start(String name, GearConfig config, ClassLoader userTypes,
                                    java.util.List<WireRegistry.Entry> moreTypes) {
        int maxFrame = config.get(GearConfig.FRAME_MAX_BYTES);
        WireRegistry registry = NetWire.builder(config, userTypes).register(moreTypes).build();
        return new NodeContext(config, new EventLoopGroup(name, config.get(GearConfig.EVENT_LOOPS), maxFrame), registry,
                new RpcCodec(registry, maxFrame), RpcSettings.from(config), Handshakes.fromConfig(config));
    }

    public RpcServer serve(InetSocketAddress address, Function<? super RpcEndpoint, ? extends RequestHandler> handlers)
            throws IOException {
        return RpcServer.bind(loops, address, codec, settings, handshakes::forServer, handlers);
    }

    /** A server whose connections also carry frames of {@code otherKinds} (e.g. Raft between masters). */
    public RpcServer serve(InetSocketAddress address, Function<? super RpcEndpoint, ? extends RequestHandler> handlers,
                           java.util.Map<Byte, io.gearpump.net.protocol.Session.KindHandler> otherKinds) throws IOException {
        return RpcServer.bind(loops, address, codec, settings, handshakes::forServer, handlers, otherKinds);
    }

    /** A started client that keeps a connection to {@code address}, answering its requests with {@code handler}. */
    public RpcClient connect(InetSocketAddress address, RequestHandler handler) {
        return client(address, handler).start();
    }

    /** Like {@link #connect}, not started yet (e.g. to make it {@link RpcClient#quiet} first). */
    public RpcClient client(InetSocketAddress address, RequestHandler handler) {
        return new RpcClient(loops, address, codec, settings, handshakes::forClient, handler, new SecureRandom());
    }

    public static InetSocketAddress parseAddress(String hostPort) {
        int colon = hostPort.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port");
        }
        try {
            return new InetSocketAddress(hostPort.substring(0, colon).trim(), Integer.parseInt(hostPort.substring(colon + 1).trim()));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("'" + hostPort + "' is not host:port (bad port)");
        }
    }

    public static String format(InetSocketAddress a) {
        return a.getHostString() + ":" + a.getPort();
    }

    @Override
    public void close() {
        loops.close();
    }
}
