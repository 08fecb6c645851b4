package io.gearpump.net.loop;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;
import io.gearpump.net.testing.LoopbackNet;
import io.gearpump.net.testing.RawPeer;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Connections over real loopback sockets: bad input closes one connection only; sends from many threads. */
@Timeout(60)
class ConnectionTest {

    private static final int MAX_FRAME = 64 * 1024;
    private static final Duration WAIT = Duration.ofSeconds(10);
    /** First payload byte that makes the test server's handler misbehave, see {@link Echo}. */
    private static final byte THROW = 1;
    private static final byte OVERFLOW_STACK = 2;
    private static final byte HUGE_ARRAY = 3;

    /** Server side: echoes every frame, records close reasons; some first bytes make the handler fail. */
    private static final class Echo implements ConnectionHandler {
        final BlockingQueue<String> reasons;

        Echo(BlockingQueue<String> reasons) {
            this.reasons = reasons;
        }

        @Override
        public void onFrame(Connection connection, byte[] payload) {
            if (payload.length > 0) {
                switch (payload[0]) {
                    case THROW -> throw new IllegalStateException("the handler cannot make sense of this");
                    case OVERFLOW_STACK -> recurse(0);
                    case HUGE_ARRAY -> consume(new long[Integer.MAX_VALUE - 16]);
                    default -> {
                    }
                }
            }
            connection.sendPayload(payload);
        }

        private static int recurse(int depth) {
            return recurse(depth + 1) + 1;
        }

        private static void consume(long[] array) {
            array[0] = 1;
        }

        @Override
        public void onClose(Connection connection, String reason) {
            reasons.add(reason);
        }
    }

    enum BadInput {
        OVERSIZED(RawPeer.frame(new byte[MAX_FRAME + 1]), "frame length " + (MAX_FRAME + 1) + " is outside"),
        NEGATIVE_LENGTH(new byte[] {(byte) 0x80, 0, 0, 5, 1, 2, 3}, "frame length -2147483643 is outside"),
        ALL_ONES_LENGTH(new byte[] {-1, -1, -1, -1}, "frame length -1 is outside"),
        HANDLER_THROWS(RawPeer.frame(new byte[] {THROW, 9}), "cannot make sense of this"),
        HANDLER_OVERFLOWS_STACK(RawPeer.frame(new byte[] {OVERFLOW_STACK}), "StackOverflowError"),
        HANDLER_ASKS_FOR_A_HUGE_ARRAY(RawPeer.frame(new byte[] {HUGE_ARRAY}), "OutOfMemoryError");

        final byte[] bytes;
        final String reason;

        BadInput(byte[] bytes, String reason) {
            this.bytes = bytes;
            this.reason = reason;
        }
    }

    @Test
    void aHostThatCannotBeResolvedFailsTheConnectAtOnceNamingIt() {
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup loops = net.group("client", 1, MAX_FRAME);
            var connect = loops.connect(java.net.InetSocketAddress.createUnresolved("nosuchhost.invalid", 3000),
                    new Echo(new LinkedBlockingQueue<>()), 60_000);

            assertTrue(connect.isCompletedExceptionally(), "failed without waiting for the 60 s timeout");
            ExecutionException e = assertThrows(ExecutionException.class, connect::get);
            assertEquals("cannot resolve host 'nosuchhost.invalid'", e.getCause().getMessage());
        }
    }

    @ParameterizedTest
    @EnumSource(BadInput.class)
    void badInputClosesThatConnectionOnlyAndTheLoopKeepsServing(BadInput bad) {
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup loops = net.group("server", 1, MAX_FRAME); // one loop: the bad peer shares it with the good one
            NetServer server = net.server(loops, () -> new Echo(reasons));
            RawPeer good = net.raw(server);
            assertEchoes(good, "before");

            RawPeer bad1 = net.raw(server);
            bad1.write(bad.bytes);
            bad1.awaitClosedByServer(WAIT);
            String reason = Poll.take(reasons, "the bad connection's close reason");
            assertTrue(reason.contains(bad.reason), "reason: " + reason);

            assertEchoes(good, "after");
            try (RawPeer late = new RawPeer(server.address())) {
                assertEchoes(late, "a new connection");
            }
            assertEquals("closed by the peer", Poll.take(reasons, "the late connection to close"));
            assertEquals(List.of(), List.copyOf(reasons), "no other connection closed");
        }
    }

    @Test
    void manyThreadsSendConcurrentlyEveryFrameArrivesIntactAndInEachThreadsOrder() throws Exception {
        int threads = 8;
        int perThread = 2000;
        List<List<Integer>> seen = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            seen.add(new ArrayList<>());
        }
        AtomicInteger received = new AtomicInteger();
        AtomicReference<String> corrupt = new AtomicReference<>();
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup serverLoops = net.group("server", 1, 1 << 20);
            EventLoopGroup clientLoops = net.group("client", 1, 1 << 20);
            NetServer server = net.server(serverLoops, () -> (connection, payload) -> { // on the server's one loop thread
                ByteBuffer b = ByteBuffer.wrap(payload);
                int thread = b.getInt();
                int seq = b.getInt();
                if (!java.util.Arrays.equals(payload, payload(thread, seq))) {
                    corrupt.compareAndSet(null, "frame " + seq + " of thread " + thread + " arrived corrupt");
                }
                seen.get(thread).add(seq);
                received.incrementAndGet();
            });
            Connection client = net.connect(clientLoops, server, (connection, payload) -> {
            });
            CountDownLatch go = new CountDownLatch(1);
            List<Thread> senders = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                senders.add(Thread.ofPlatform().name("sender-" + t).start(() -> {
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    for (int seq = 0; seq < perThread; seq++) {
                        assertTrue(client.sendPayload(payload(thread, seq)));
                    }
                }));
            }
            go.countDown();
            for (Thread s : senders) {
                s.join(TimeUnit.SECONDS.toMillis(30));
            }
            Poll.until("every frame to arrive (" + threads * perThread + ")", Duration.ofSeconds(30), received::get,
                    n -> n == threads * perThread);
            assertEquals(null, corrupt.get());
            for (int t = 0; t < threads; t++) {
                List<Integer> inOrder = new ArrayList<>();
                for (int seq = 0; seq < perThread; seq++) {
                    inOrder.add(seq);
                }
                assertEquals(inOrder, seen.get(t), "frames of thread " + t);
            }
        }
    }

    /** Thread and sequence number, then bytes derived from them; every 50th frame is large (partial writes). */
    private static byte[] payload(int thread, int seq) {
        Random r = new Random(thread * 1_000_003L + seq);
        int size = seq % 50 == 49 ? 100_000 + r.nextInt(100_000) : 8 + r.nextInt(300);
        byte[] p = new byte[size];
        r.nextBytes(p);
        ByteBuffer.wrap(p).putInt(thread).putInt(seq);
        return p;
    }

    @Test
    void aLoneSmallFrameIsDeliveredPromptly() {
        BlockingQueue<byte[]> atServer = new LinkedBlockingQueue<>();
        BlockingQueue<byte[]> atClient = new LinkedBlockingQueue<>();
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup loops = net.group("net", 2, MAX_FRAME);
            NetServer server = net.server(loops, () -> (connection, payload) -> {
                atServer.add(payload);
                connection.sendPayload(payload);
            });
            Connection client = net.connect(loops, server, (connection, payload) -> atClient.add(payload));
            for (int i = 0; i < 20; i++) { // each frame alone on the wire: nothing else could push it out
                byte[] one = {(byte) i};
                client.sendPayload(one);
                assertArrayEquals(one, Poll.take(atServer, "frame " + i + " at the server", Duration.ofSeconds(1)));
                assertArrayEquals(one, Poll.take(atClient, "frame " + i + " back at the client", Duration.ofSeconds(1)));
            }
        }
    }

    @Test
    void aLoweredFrameLimitRefusesLargerFramesAndNeverExceedsTheConfiguredMaximum() {
        BlockingQueue<String> reasons = new LinkedBlockingQueue<>();
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup loops = net.group("server", 1, 1000);
            AtomicInteger connections = new AtomicInteger();
            NetServer server = net.server(loops, () -> new ConnectionHandler() {
                @Override
                public void onOpen(Connection connection) {
                    // the first connection gets a small limit, the second asks for more than the maximum
                    connection.frameLimit(connections.getAndIncrement() == 0 ? 100 : 1_000_000, "the test's limit");
                }

                @Override
                public void onFrame(Connection connection, byte[] payload) {
                    connection.sendPayload(payload);
                }

                @Override
                public void onClose(Connection connection, String reason) {
                    reasons.add(reason);
                }
            });
            try (RawPeer small = new RawPeer(server.address())) {
                assertEchoes(small, new byte[100]);
                small.sendFrame(new byte[101]);
                small.awaitClosedByServer(WAIT);
                String reason = Poll.take(reasons, "a close");
                assertTrue(reason.contains("frame length 101 is outside 0..100 (the test's limit)"), reason);
            }
            try (RawPeer clamped = new RawPeer(server.address())) {
                assertEchoes(clamped, new byte[1000]);
                clamped.sendFrame(new byte[1001]);
                clamped.awaitClosedByServer(WAIT);
                String reason = Poll.take(reasons, "a close");
                assertTrue(reason.contains("outside 0..1000"), reason);
            }
        }
    }

    @Test
    void theFrameLimitIsChangedOnTheLoopThreadOnly() {
        try (LoopbackNet net = new LoopbackNet()) {
            EventLoopGroup loops = net.group("net", 1, MAX_FRAME);
            NetServer server = net.server(loops, () -> (connection, payload) -> {
            });
            Connection client = net.connect(loops, server, (connection, payload) -> {
            });
            assertEquals(MAX_FRAME, client.maxFrameBytes());
            assertThrows(IllegalStateException.class, () -> client.frameLimit(10, "from the wrong thread"));
        }
    }

    private static void assertEchoes(RawPeer peer, String text) {
        assertEchoes(peer, text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static void assertEchoes(RawPeer peer, byte[] payload) {
        assertTrue(peer.sendFrame(payload), "the connection is still open");
        assertArrayEquals(payload, peer.readFrame(WAIT));
    }
}
