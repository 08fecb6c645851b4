package io.gearpump.examples.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gear bench loopback}: how many bytes a second this machine moves over loopback TCP, with
 * nothing of ours in the way: one JDK NIO socket, one thread writing {@code chunk}-byte buffers
 * and one reading them, in this JVM. The ceiling for every figure between JVMs; also given as
 * 100-byte messages a second at the stream path's encoding of them. With {@code -variant latency}:
 * 100-byte messages at {@code rate} a second, each stamped as it is written, and how long each took
 * to reach the blocked reader: the floor under every latency between JVMs (two threads that sleep
 * between messages, woken by the socket, as the stream path's event loops are).
 */
final class LoopbackBenchmark {

    private LoopbackBenchmark() {
    }

    /** What runs on the two ends of the socket, and what is measured meanwhile. */
    private interface Ends {
        void write(SocketChannel out);

        void read(SocketChannel in);

        String measure() throws InterruptedException;
    }

    static String run(int chunk, int warmupSeconds, int seconds) throws IOException, InterruptedException {
        AtomicLong received = new AtomicLong();
        return overLoopback(new Ends() {
            public void write(SocketChannel out) {
                LoopbackBenchmark.write(out, chunk);
            }

            public void read(SocketChannel in) {
                LoopbackBenchmark.read(in, chunk, received);
            }

            public String measure() throws InterruptedException {
                Measurement.Result r = Measurement.run(received::get, warmupSeconds, seconds, () -> { });
                return String.format(Locale.ROOT, "chunk_bytes=%d %s gbit_per_s=%.2f msgs100_per_s=%.0f",
                        chunk, r.format("bytes_per_s"), r.perSecond() * 8 / 1e9, r.perSecond() / 106);
            }
        });
    }

    static String latency(int rate, int warmupSeconds, int seconds) throws IOException, InterruptedException {
        LatencyHistogram h = new LatencyHistogram();
        return overLoopback(new Ends() {
            public void write(SocketChannel out) {
                writePaced(out, rate);
            }

            public void read(SocketChannel in) {
                readStamped(in, h);
            }

            public String measure() throws InterruptedException {
                long[][] before = new long[1][];
                Measurement.Result r = Measurement.run(() -> LatencyHistogram.total(h.snapshot()), warmupSeconds, seconds,
                        () -> before[0] = h.snapshot());
                long[] window = LatencyHistogram.since(before[0], h.snapshot());
                return String.format(Locale.ROOT,
                        "target_per_s=%d achieved_per_s=%.0f p50_us=%.1f p99_us=%.1f p999_us=%.1f max_us=%.1f samples=%d cpu_cores=%.2f",
                        rate, r.perSecond(), LatencyHistogram.valueAt(window, 50) / 1e3,
                        LatencyHistogram.valueAt(window, 99) / 1e3, LatencyHistogram.valueAt(window, 99.9) / 1e3,
                        LatencyHistogram.max(window) / 1e3, LatencyHistogram.total(window), r.cpuCores());
            }
        });
    }

    /** One loopback socket, a platform thread on each end; both end when the sockets close. */
    private static String overLoopback(Ends ends) throws IOException, InterruptedException {
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress());
                 SocketChannel in = server.accept()) {
                out.socket().setTcpNoDelay(true);
                Thread writer = Thread.ofPlatform().name("loopback-writer").daemon().start(() -> ends.write(out));
                Thread reader = Thread.ofPlatform().name("loopback-reader").daemon().start(() -> ends.read(in));
                try {
                    return ends.measure();
                } finally {
                    writer.interrupt(); // closing the sockets below ends both loops
                    reader.interrupt();
                }
            }
        }
    }

    /** 100-byte messages, each stamped with {@code nanoTime} as it is written, sleeping until the next is due. */
    private static void writePaced(SocketChannel out, int rate) {
        ByteBuffer b = ByteBuffer.allocateDirect(LATENCY_MESSAGE);
        long start = System.nanoTime();
        try {
            for (long n = 0; !Thread.currentThread().isInterrupted(); n++) {
                long due = start + (long) (n * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    java.util.concurrent.locks.LockSupport.parkNanos(wait);
                }
                b.clear().putLong(0, System.nanoTime());
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } catch (IOException e) {
            // closed: the measurement is over
        }
    }

    private static void readStamped(SocketChannel in, LatencyHistogram h) {
        ByteBuffer b = ByteBuffer.allocateDirect(LATENCY_MESSAGE);
        try {
            while (true) {
                b.clear();
                while (b.hasRemaining()) {
                    if (in.read(b) < 0) {
                        return;
                    }
                }
                h.record(System.nanoTime() - b.getLong(0));
            }
        } catch (IOException e) {
            // closed: the measurement is over
        }
    }

    private static final int LATENCY_MESSAGE = 100;

    private static void write(SocketChannel out, int chunk) {
        ByteBuffer b = ByteBuffer.allocateDirect(chunk);
        try {
            while (true) {
                b.clear();
                while (b.hasRemaining()) {
                    out.write(b);
                }
            }
        } catch (IOException e) {
            // closed: the measurement is over
        }
    }

    private static void read(SocketChannel in, int chunk, AtomicLong received) {
        ByteBuffer b = ByteBuffer.allocateDirect(chunk);
        try {
            int n;
            while ((n = in.read(b.clear())) >= 0) {
                received.addAndGet(n);
            }
        } catch (IOException e) {
            // closed: the measurement is over
        }
    }
}
