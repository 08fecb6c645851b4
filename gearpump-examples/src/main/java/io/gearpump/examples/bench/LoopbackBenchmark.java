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
 * 100-byte messages a second at the stream path's encoding of them.
 */
final class LoopbackBenchmark {

    private LoopbackBenchmark() {
    }

    static String run(int chunk, int warmupSeconds, int seconds) throws IOException, InterruptedException {
        AtomicLong received = new AtomicLong();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            try (SocketChannel out = SocketChannel.open(server.getLocalAddress());
                 SocketChannel in = server.accept()) {
                out.socket().setTcpNoDelay(true);
                Thread writer = Thread.ofPlatform().name("loopback-writer").daemon().start(() -> write(out, chunk));
                Thread reader = Thread.ofPlatform().name("loopback-reader").daemon().start(() -> read(in, chunk, received));
                try {
                    Measurement.Result r = Measurement.run(received::get, warmupSeconds, seconds, () -> { });
                    return String.format(Locale.ROOT, "chunk_bytes=%d %s gbit_per_s=%.2f msgs100_per_s=%.0f",
                            chunk, r.format("bytes_per_s"), r.perSecond() * 8 / 1e9, r.perSecond() / 106);
                } finally {
                    writer.interrupt(); // closing the sockets below ends both loops
                    reader.interrupt();
                }
            }
        }
    }

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
