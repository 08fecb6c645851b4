package io.gearpump.net.stream;

import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.core.task.OutputChannel;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.StreamKey;
import io.gearpump.core.task.TaskRunner;
import io.gearpump.net.auth.Handshakes;
import io.gearpump.net.frame.FrameView;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.LongSupplier;
import java.util.function.ToIntFunction;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One JVM's end of the task-to-task streams: a server other executors connect to, one connection per
 * pair of executors (the lower id dials the higher, then names itself with HELLO), and every stream
 * between them multiplexed over it with its own credit. {@link #links} gives an application's task
 * network the placement and the remote channels it needs.
 *
 * <p>Threads: the maps are concurrent; frames are handled on the connections' loop threads; remote
 * channels are used by their sending tasks.
 */
public final class StreamHub implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(StreamHub.class);
    private static final long CONNECT_WAIT_MS = 30_000;

    private final int executorId;
    private final EventLoopGroup group;
    private final NetServer server;
    private final Handshakes handshakes;
    private final int window;
    private final long connectTimeoutMs;
    private final ThreadLocal<WireCodec> codecs;
    private final Map<Integer, InetSocketAddress> peers = new ConcurrentHashMap<>();
    private final Map<Integer, CompletableFuture<Connection>> connections = new ConcurrentHashMap<>();
    private final Map<Long, InboundStream> inbound = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger inboundChanges = new java.util.concurrent.atomic.AtomicInteger();
    private final ThreadLocal<StreamTable> loopTables = ThreadLocal.withInitial(StreamTable::new); // per event loop
    private final Map<Long, StreamCredit> credits = new ConcurrentHashMap<>();
    private final Map<Long, Integer> inboundPeer = new ConcurrentHashMap<>();
    private final Map<Long, Integer> outboundPeer = new ConcurrentHashMap<>();

    public StreamHub(int executorId, GearConfig config, WireRegistry registry, EventLoopGroup group,
                     Handshakes handshakes, int port) throws IOException {
        this.executorId = executorId;
        this.group = group;
        this.handshakes = handshakes;
        this.window = config.get(GearConfig.STREAM_WINDOW);
        this.connectTimeoutMs = config.get(GearConfig.HEARTBEAT_TIMEOUT_MS);
        this.codecs = WireCodec.forCurrentThread(registry, config.get(GearConfig.FRAME_MAX_BYTES) - 4);
        this.server = NetServer.bind(group, new InetSocketAddress(config.get(GearConfig.BIND_ADDRESS), port),
                () -> session(null));
    }

    public int executorId() {
        return executorId;
    }

    public InetSocketAddress address() {
        return server.address();
    }

    /** Where executor {@code id} listens. */
    public void addPeer(int id, InetSocketAddress address) {
        peers.put(id, address);
    }

    /**
     * The links of one application: {@code placement} gives the executor of every task; tasks placed
     * here run here, streams to and from the others go through this hub.
     */
    public RemoteLinks links(ToIntFunction<TaskId> placement) {
        return new RemoteLinks() {
            @Override
            public boolean isLocal(TaskId task) {
                return placement.applyAsInt(task) == executorId;
            }

            @Override
            public OutputChannel outbound(StreamKey key, int batchSize, LongSupplier watermark) {
                int peer = placement.applyAsInt(key.to());
                long k = id(key);
                outboundPeer.put(k, peer);
                return new RemoteOutputChannel(key, batchSize, watermark, credit(k), () -> connectionTo(peer), codecs);
            }

            @Override
            public void inbound(StreamKey key, TaskRunner receiver, int channel) {
                int peer = placement.applyAsInt(key.from());
                InboundStream s = new InboundStream(key, receiver, channel, window, codecs);
                long k = id(key);
                inbound.put(k, s);
                inboundChanges.incrementAndGet();
                inboundPeer.put(k, peer);
                CompletableFuture<Connection> c = connectionFuture(peer);
                c.thenAccept(s::attach);
                if (executorId < peer) {
                    dial(peer); // we dial the higher ids; they will not call us
                }
            }
        };
    }

    /** Forgets an application's streams once it has ended. */
    public void release(int appId) {
        inbound.keySet().removeIf(k -> (int) (k >>> 32) == appId);
        inboundChanges.incrementAndGet();
        credits.keySet().removeIf(k -> (int) (k >>> 32) == appId);
        inboundPeer.keySet().removeIf(k -> (int) (k >>> 32) == appId);
        outboundPeer.keySet().removeIf(k -> (int) (k >>> 32) == appId);
    }

    private Connection connectionTo(int peer) throws StreamLostException, InterruptedException {
        if (executorId < peer) {
            dial(peer);
        }
        try {
            return connectionFuture(peer).get(CONNECT_WAIT_MS, TimeUnit.MILLISECONDS);
        } catch (ExecutionException e) {
            throw new StreamLostException("no connection to executor " + peer + ": " + e.getCause().getMessage());
        } catch (TimeoutException e) {
            throw new StreamLostException("executor " + peer + " did not connect within " + CONNECT_WAIT_MS + " ms");
        }
    }

    private CompletableFuture<Connection> connectionFuture(int peer) {
        return connections.computeIfAbsent(peer, p -> new CompletableFuture<>());
    }

    private final Map<Integer, Boolean> dialing = new ConcurrentHashMap<>();

    private void dial(int peer) {
        if (dialing.putIfAbsent(peer, Boolean.TRUE) != null) {
            return;
        }
        InetSocketAddress address = peers.get(peer);
        if (address == null) {
            connectionFuture(peer).completeExceptionally(new IOException("the address of executor " + peer + " is unknown"));
            return;
        }
        group.connect(address, session(peer), connectTimeoutMs).whenComplete((c, error) -> {
            if (error != null) {
                dialing.remove(peer);
                connectionFuture(peer).completeExceptionally(error);
            }
        });
    }

    /** The protocol of a connection; {@code dialled} is the peer we called, null for one that called us. */
    private Session session(Integer dialled) {
        Session.Listener listener = new Session.Listener() {
            @Override
            public void onAuthenticated(Connection c) {
                if (dialled != null) {
                    c.send(StreamFrames.hello(executorId));
                    bind(dialled, c);
                }
            }

            @Override
            public void onClose(Connection c, String reason) {
                if (c.attachment() instanceof Integer peer) {
                    lost(peer, c, reason);
                }
            }
        };
        Session.Handshake handshake = dialled != null ? handshakes.forClient() : handshakes.forServer();
        return new Session(handshake, Map.of(
                FrameKind.HELLO, (c, payload) -> bind(StreamFrames.readHello(payload), c),
                FrameKind.CREDIT, this::onCredit), Map.of(FrameKind.DATA, this::onData), listener);
    }

    private void bind(int peer, Connection c) {
        c.attach(peer);
        LOG.debug("executor {}: {} is executor {}", executorId, c, peer);
        CompletableFuture<Connection> f = connectionFuture(peer);
        if (!f.complete(c) && f.getNow(null) != c) {
            c.close("a second connection from executor " + peer);
        }
    }

    /** On the loop: the header is read with the loop thread's codec, the messages later by the receiving task. */
    private void onData(Connection c, FrameView frame) {
        StreamFrames.DataHeader h = StreamFrames.readDataHeader(
                codecs.get().input(frame.array(), frame.offset(), frame.length()), frame.offset());
        InboundStream s = inboundStream(id(h.app(), h.stream()));
        if (s == null) {
            throw new IllegalArgumentException("data for unknown stream app " + h.app() + " #" + h.stream());
        }
        s.onData(frame, h);
    }

    /** The stream {@code id}, from this loop's table (no boxing), else from the map into the table. */
    private InboundStream inboundStream(long id) {
        StreamTable table = loopTables.get();
        table.validFor(inboundChanges.get()); // read before the map: a change after it empties the table next time
        InboundStream s = table.get(id);
        if (s == null) {
            s = inbound.get(id);
            if (s != null) {
                table.put(id, s);
            }
        }
        return s;
    }

    private void onCredit(Connection c, byte[] payload) {
        int[] f = StreamFrames.readCredit(payload);
        credit(id(f[0], f[1])).grant(f[2]);
    }

    private StreamCredit credit(long key) {
        return credits.computeIfAbsent(key, k -> new StreamCredit());
    }

    /** A connection to {@code peer} closed: its streams in both directions are lost. */
    private void lost(int peer, Connection c, String reason) {
        connections.computeIfPresent(peer, (p, f) -> f.getNow(null) == c ? null : f);
        dialing.remove(peer);
        String why = "connection to executor " + peer + " closed: " + reason;
        outboundPeer.forEach((k, p) -> {
            if (p == peer) {
                credit(k).broken(why);
            }
        });
        inboundPeer.forEach((k, p) -> {
            InboundStream s = inbound.get(k);
            if (p == peer && s != null) {
                s.lost(why);
            }
        });
    }

    /** Closes the connection to {@code peer}, as a network failure would (for tests and operators). */
    void dropConnection(int peer, String reason) {
        CompletableFuture<Connection> f = connections.get(peer);
        Connection c = f == null ? null : f.getNow(null);
        if (c != null) {
            c.close(reason);
        }
    }

    private static long id(StreamKey key) {
        return id(key.appId(), key.stream());
    }

    private static long id(int app, int stream) {
        return ((long) app << 32) | (stream & 0xffffffffL);
    }

    @Override
    public void close() {
        server.close();
        connections.values().forEach(f -> f.thenAccept(c -> c.close("stream hub closed")));
    }
}
