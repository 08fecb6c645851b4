package io.gearpump.net.testing;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * The well-behaved side of the socket tests: a server {@link Session} whose CONTROL handler decodes
 * the body with {@link WireCodec} (so hostile bytes reach Kryo, as they would in the request layer)
 * and echoes the payload back, and a client that checks the echo.
 */
public final class EchoSessions {

    public static final WireRegistry REGISTRY = WireRegistry.builder().build();
    private static final ThreadLocal<WireCodec> CODEC = WireCodec.forCurrentThread(REGISTRY, 1 << 20);

    private EchoSessions() {
    }

    /** {@code [CONTROL][Kryo class and object]}. */
    public static byte[] control(Object value) {
        WireCodec codec = CODEC.get();
        Output out = codec.output();
        out.writeByte(FrameKind.CONTROL);
        codec.writeObject(out, value);
        return out.toBytes();
    }

    /** The object in a CONTROL payload; throws when the bytes do not decode to exactly one object. */
    public static Object decodeControl(byte[] payload) {
        WireCodec codec = CODEC.get();
        Input in = codec.input(payload, 1, payload.length - 1);
        Object value = codec.readObject(in);
        if (in.position() != in.limit()) {
            throw new IllegalArgumentException((in.limit() - in.position()) + " bytes after the object");
        }
        return value;
    }

    /** Handshakes for accepted connections come from {@code handshakes}; the recorder hears every session's life. */
    public static Supplier<io.gearpump.net.loop.ConnectionHandler> echoServer(Supplier<Session.Handshake> handshakes,
                                                                               Recorder recorder) {
        return () -> {
            recorder.opened.incrementAndGet();
            return new Session(handshakes.get(), Map.of(FrameKind.CONTROL, (connection, payload) -> {
                decodeControl(payload);
                connection.sendPayload(payload);
            }), recorder);
        };
    }

    private static String describe(Object value) {
        return value instanceof byte[] b ? "byte[" + b.length + "]" : String.valueOf(value);
    }

    /** Counts sessions and keeps every close reason, and the reasons of failed authentications apart. */
    public static final class Recorder implements Session.Listener {
        public final AtomicInteger opened = new AtomicInteger();
        public final AtomicInteger authenticated = new AtomicInteger();
        public final AtomicInteger closed = new AtomicInteger();
        public final BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        public final ConcurrentLinkedQueue<String> allReasons = new ConcurrentLinkedQueue<>();
        public final ConcurrentLinkedQueue<String> authenticationFailures = new ConcurrentLinkedQueue<>();

        @Override
        public void onAuthenticated(Connection connection) {
            authenticated.incrementAndGet();
        }

        @Override
        public void onAuthenticationFailed(Connection connection, String reason) {
            authenticationFailures.add(reason);
        }

        @Override
        public void onClose(Connection connection, String reason) {
            allReasons.add(reason);
            reasons.add(reason);
            closed.incrementAndGet();
        }

        /** The next close reason, waiting (bounded) for it. */
        public String nextReason() {
            return Poll.take(reasons, "a connection to close");
        }

        /** Waits until every session opened so far has closed. */
        public void awaitAllClosed(Duration timeout) {
            Poll.until("every session to close (the number still open to be 0)", timeout, () -> {
                int closedSoFar = closed.get(); // read first: a session opened meanwhile counts as open
                return opened.get() - closedSoFar;
            }, open -> open == 0);
        }

        public List<String> reasonsSoFar() {
            return List.copyOf(allReasons);
        }
    }

    /** A client session: its CONTROL frames go into a queue; it echoes through the server. */
    public static final class Client {
        private final BlockingQueue<byte[]> control = new LinkedBlockingQueue<>();
        private final Recorder recorder = new Recorder();
        private final Connection connection;

        private Client(LoopbackNet net, EventLoopGroup group, NetServer server, Session.Handshake handshake) {
            Session session = new Session(handshake, Map.of(FrameKind.CONTROL, (c, payload) -> control.add(payload)), recorder);
            connection = net.connect(group, server, session);
        }

        public static Client open(LoopbackNet net, EventLoopGroup group, NetServer server, Session.Handshake handshake) {
            return new Client(net, group, server, handshake);
        }

        public Client awaitAuthenticated() {
            Poll.until("the client to authenticate (or its connection to close)",
                    () -> recorder.authenticated.get() > 0 || !connection.isOpen());
            if (!connection.isOpen()) {
                throw new AssertionError("the connection closed before authenticating: " + connection.closeReason());
            }
            return this;
        }

        /** Sends {@code value} in a CONTROL frame and checks that the same value comes back. */
        public void assertEchoes(Object value) {
            if (!connection.sendPayload(control(value))) {
                throw new AssertionError("the client connection is closed: " + connection.closeReason());
            }
            Object back = decodeControl(Poll.take(control, "the echo of " + describe(value), Duration.ofSeconds(10)));
            assertTrue(Objects.deepEquals(value, back), "sent " + describe(value) + ", got back " + describe(back));
        }

        public BlockingQueue<byte[]> controlFrames() {
            return control;
        }

        public Connection connection() {
            return connection;
        }

        public Recorder recorder() {
            return recorder;
        }

        /** Whether the handshake finished on this side (read through the listener: the session is the loop's). */
        public boolean isAuthenticated() {
            return recorder.authenticated.get() > 0;
        }
    }
}
