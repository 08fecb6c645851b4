package io.gearpump.core.metrics;

import io.gearpump.core.testing.Poll;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.OptionalDouble;
import java.util.concurrent.TimeUnit;

/**
 * A real Graphite server for tests: Debian's carbon-cache ({@code graphite-carbon}, installed by
 * {@code bin/test-setup}) in a directory of its own, receiving on a free loopback port and writing
 * whisper files that {@link #latest} reads back with {@code whisper-fetch}. Closing stops the process.
 */
final class Carbon implements AutoCloseable {

    private static final Path CARBON = Path.of("/usr/bin/carbon-cache");
    private static final Path WHISPER_FETCH = Path.of("/usr/bin/whisper-fetch");

    private final Path dir;
    private final int port;
    private final Process process;

    private Carbon(Path dir, int port, Process process) {
        this.dir = dir;
        this.port = port;
        this.process = process;
    }

    static Carbon start(Path dir) throws IOException {
        if (!Files.isExecutable(CARBON) || !Files.isExecutable(WHISPER_FETCH)) {
            throw new IllegalStateException("Graphite's carbon-cache is not installed: run bin/test-setup (as root) "
                    + "or apt-get install -y graphite-carbon");
        }
        int line = freePort();
        Files.createDirectories(dir.resolve("storage/whisper"));
        Files.createDirectories(dir.resolve("log"));
        Files.writeString(dir.resolve("carbon.conf"), String.join("\n",
                "[cache]",
                "STORAGE_DIR = " + dir.resolve("storage") + "/",
                "LOCAL_DATA_DIR = " + dir.resolve("storage/whisper") + "/",
                "WHITELISTS_DIR = " + dir.resolve("storage/lists") + "/",
                "CONF_DIR = " + dir + "/",
                "LOG_DIR = " + dir.resolve("log") + "/",
                "PID_DIR = " + dir + "/",
                "DATABASE = whisper",
                "ENABLE_LOGROTATION = False",
                "MAX_CACHE_SIZE = inf",
                "MAX_UPDATES_PER_SECOND = inf",
                "MAX_CREATES_PER_MINUTE = inf",
                "LINE_RECEIVER_INTERFACE = 127.0.0.1",
                "LINE_RECEIVER_PORT = " + line,
                "ENABLE_UDP_LISTENER = False",
                "PICKLE_RECEIVER_INTERFACE = 127.0.0.1",
                "PICKLE_RECEIVER_PORT = " + freePort(),
                "CACHE_QUERY_INTERFACE = 127.0.0.1",
                "CACHE_QUERY_PORT = " + freePort(),
                ""));
        Files.writeString(dir.resolve("storage-schemas.conf"), "[all]\npattern = .*\nretentions = 1s:30m\n");
        Process p = new ProcessBuilder(CARBON.toString(), "--config=" + dir.resolve("carbon.conf"), "--nodaemon", "start")
                .redirectErrorStream(true).redirectOutput(dir.resolve("carbon.out").toFile()).start();
        Carbon carbon = new Carbon(dir, line, p);
        try {
            Poll.until("carbon-cache to listen on 127.0.0.1:" + line, Duration.ofSeconds(30), carbon::listening);
        } catch (RuntimeException | Error e) {
            carbon.close();
            throw e;
        }
        return carbon;
    }

    int port() {
        return port;
    }

    /** The latest value carbon stored for {@code metric} (dotted, as sent), if it stored any yet. */
    OptionalDouble latest(String metric) throws IOException, InterruptedException {
        Path file = dir.resolve("storage/whisper").resolve(metric.replace('.', '/') + ".wsp");
        if (!Files.exists(file)) {
            return OptionalDouble.empty();
        }
        long from = System.currentTimeMillis() / 1000 - 600;
        Process fetch = new ProcessBuilder(WHISPER_FETCH.toString(), "--from=" + from, file.toString()).redirectErrorStream(true).start();
        List<String> lines = new String(fetch.getInputStream().readAllBytes()).lines().toList();
        if (!fetch.waitFor(30, TimeUnit.SECONDS) || fetch.exitValue() != 0) {
            throw new IllegalStateException("whisper-fetch " + file + " failed: " + lines);
        }
        return lines.stream().map(l -> l.trim().split("\\s+")).filter(f -> f.length == 2 && !f[1].equals("None"))
                .mapToDouble(f -> Double.parseDouble(f[1])).reduce((a, b) -> b);
    }

    private boolean listening() {
        if (!process.isAlive()) {
            throw new IllegalStateException("carbon-cache ended: see " + dir.resolve("carbon.out"));
        }
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 200);
            return true;
        } catch (IOException notYet) {
            return false;
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
