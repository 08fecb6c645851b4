package io.gearpump.net.rpc;

import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.protocol.Session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Accepts connections and serves requests on each with a handler of its own. Keeps the open
 * connections' endpoints, so the serving side can send requests to its peers too (e.g. a master to
 * a worker) and so {@link #close} ends them all.
 *
 * <p>Threads: {@code open} is a concurrent set, changed by the event loops and read by any thread.
 */
public final class RpcServer implements AutoCloseable {

    private final NetServer server;
    private final Set<RpcEndpoint> open = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;

    private RpcServer(EventLoopGroup group, InetSocketAddress address, RpcCodec codec, RpcSettings settings,
                      Supplier<Session.Handshake> handshakes, Function<? super RpcEndpoint, ? extends RequestHandler> handlers,
                      Map<Byte, Session.KindHandler> otherKinds) throws IOException {
        Objects.requireNonNull(codec, "codec");
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(handshakes, "handshakes");
        Objects.requireNonNull(handlers, "handlers");
        this.server = NetServer.bind(group, address, () -> {
            Tracker tracker = new Tracker();
            RpcEndpoint endpoint = new RpcEndpoint(codec, settings, handlers, tracker);
            tracker.endpoint = endpoint;
            return endpoint.session(handshakes.get(), otherKinds);
        });
    }

    /**
     * Listens on {@code address} (port 0: any free port).
     *
     * @param handlers gives each connection's request handler, with that connection's endpoint; called
     *        on the event loop as the connection opens, so it must not block
     */
    public static RpcServer bind(EventLoopGroup group, InetSocketAddress address, RpcCodec codec, RpcSettings settings,
                                 Supplier<Session.Handshake> handshakes,
                                 Function<? super RpcEndpoint, ? extends RequestHandler> handlers) throws IOException {
        return new RpcServer(group, address, codec, settings, handshakes, handlers, Map.of());
    }

    /** Like {@link #bind}, and the connections also carry frames of {@code otherKinds} (e.g. Raft between masters). */
    public static RpcServer bind(EventLoopGroup group, InetSocketAddress address, RpcCodec codec, RpcSettings settings,
                                 Supplier<Session.Handshake> handshakes,
                                 Function<? super RpcEndpoint, ? extends RequestHandler> handlers,
                                 Map<Byte, Session.KindHandler> otherKinds) throws IOException {
        return new RpcServer(group, address, codec, settings, handshakes, handlers, otherKinds);
    }

    public InetSocketAddress address() {
        return server.address();
    }

    public int port() {
        return server.port();
    }

    /** The endpoints of the connections open now (authenticated, not yet closed). */
    public List<RpcEndpoint> endpoints() {
        return List.copyOf(open);
    }

    /** Stops listening and closes every connection with the reason "server closed". */
    @Override
    public void close() {
        closed = true;
        server.close();
        for (RpcEndpoint endpoint : open) {
            endpoint.close("server closed");
        }
    }

    @Override
    public String toString() {
        return "rpc server " + server.address();
    }

    /** Adds a connection's endpoint to {@code open} while it is open. */
    private final class Tracker implements Session.Listener {
        RpcEndpoint endpoint; // set before the connection reaches its loop

        @Override
        public void onAuthenticated(Connection connection) {
            open.add(endpoint);
            if (closed) { // closed while this one was being accepted
                endpoint.close("server closed");
            }
        }

        @Override
        public void onClose(Connection connection, String reason) {
            open.remove(endpoint);
        }
    }
}
