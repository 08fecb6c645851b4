package io.gearpump.master.replication;

import com.esotericsoftware.kryo.io.Output;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftTransport;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Raft messages between masters over gearpump-net: each master dials every other one and sends on
 * the connections it dialled; it receives on connections it accepted, through {@link #inbound}
 * installed on its server (the master's RPC server, so one address per master serves both). Two
 * one-way connections per pair keep it simple. Sending never blocks: without a connection the
 * message is dropped and the connection re-dialled, which Raft tolerates. Frames are
 * {@link FrameKind#RAFT} plus the Kryo-encoded message. Dialled connections are RPC endpoints that
 * serve nothing, so they answer the accepting side's heartbeats while no Raft traffic flows. A
 * connection carries Raft messages only once its handshake is done: the other side refuses any other
 * frame before it (as from a peer without the cluster secret).
 *
 * <p>Threads: {@link #send} from the Raft host thread; frames arrive on loop threads and are
 * handed to the inbound consumer; the connection map is concurrent.
 */
public final class RaftNetTransport implements RaftTransport, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNetTransport.class);
    private static final long REDIAL_MILLIS = 100;

    private final String self;
    private final NodeContext node;
    private final Map<String, InetSocketAddress> peers;
    private final ThreadLocal<WireCodec> codecs;
    private final Map<String, Dial> outbound = new ConcurrentHashMap<>();
    private final Map<String, Long> lastDial = new ConcurrentHashMap<>();
    private volatile RpcServer ownServer;

    /** Dials the peers; install {@link #inbound} on this member's server to receive. */
    public RaftNetTransport(String self, Map<String, InetSocketAddress> peers, NodeContext node) {
        this.self = self;
        this.node = node;
        this.peers = Map.copyOf(peers);
        this.codecs = WireCodec.forCurrentThread(node.registry(), node.config().get(
                io.gearpump.core.config.GearConfig.FRAME_MAX_BYTES) - 4);
    }

    /** A transport with a server of its own on {@code peers.get(self)} that serves Raft frames only. */
    public static RaftNetTransport listen(String self, Map<String, InetSocketAddress> peers, NodeContext node,
                                          Consumer<RaftMessage> inbound) throws IOException {
        RaftNetTransport t = new RaftNetTransport(self, peers, node);
        t.ownServer = node.serve(peers.get(self), endpoint -> RequestHandler.NONE, Map.of(FrameKind.RAFT, t.inbound(inbound)));
        return t;
    }

    /** The handler of RAFT frames for this member's server: decodes and hands each message to {@code consumer}. */
    public Session.KindHandler inbound(Consumer<RaftMessage> consumer) {
        return (c, payload) -> consumer.accept(decode(payload));
    }

    /** The address of the server {@link #listen} made. */
    public InetSocketAddress address() {
        return ownServer.address();
    }

    @Override
    public void send(RaftMessage message) {
        Connection c = connection(message.to());
        if (c != null) {
            c.send(encode(message));
        }
    }

    /** One dialled connection: it opens with the future, and carries Raft once its endpoint is open (authenticated). */
    private record Dial(CompletableFuture<Connection> connection, RpcEndpoint endpoint) {
    }

    private Connection connection(String peer) {
        Dial d = outbound.get(peer);
        CompletableFuture<Connection> f = d == null ? null : d.connection();
        Connection c = f == null || f.isCompletedExceptionally() ? null : f.getNow(null); // a failed dial: dial again
        if (c != null && c.isOpen()) {
            return d.endpoint().isOpen() ? c : null; // still in its handshake: dropped, as without a connection
        }
        if (f == null || f.isDone()) {
            long now = System.nanoTime() / 1_000_000;
            Long last = lastDial.get(peer);
            if (last == null || now - last >= REDIAL_MILLIS) {
                lastDial.put(peer, now);
                RpcEndpoint heartbeats = new RpcEndpoint(node.codec(), node.settings(), RequestHandler.NONE);
                outbound.put(peer, new Dial(node.loops().connect(peers.get(peer), heartbeats.session(node.handshakes().forClient()),
                        REDIAL_MILLIS * 10), heartbeats));
            }
        }
        return null;
    }
    private ByteBuffer encode(RaftMessage message) {
        WireCodec codec = codecs.get();
        Output out = codec.output();
        out.writeInt(0);
        out.writeByte(FrameKind.RAFT);
        codec.writeObject(out, message);
        int length = out.position();
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(out.getBuffer(), length));
        b.putInt(0, length - 4);
        return b;
    }

    private RaftMessage decode(byte[] payload) {
        WireCodec codec = codecs.get();
        Object o = codec.readObject(codec.input(payload, 1, payload.length - 1));
        if (!(o instanceof RaftMessage m)) {
            throw new IllegalArgumentException("a RAFT frame held a " + (o == null ? "null" : o.getClass().getSimpleName()));
        }
        return m;
    }

    @Override
    public void close() {
        if (ownServer != null) {
            ownServer.close();
        }
        outbound.values().forEach(d -> d.connection().thenAccept(c -> c.close("raft transport closed")));
        LOG.debug("{}: raft transport closed", self);
    }
}
