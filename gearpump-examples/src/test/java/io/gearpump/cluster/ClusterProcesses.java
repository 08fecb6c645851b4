package io.gearpump.cluster;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real cluster processes for end-to-end tests, started through the project's own scripts
 * ({@code bin/master}, {@code bin/worker}, {@code bin/gear}) on 127.0.0.1, each with its output in a
 * file. Closing stops every process it started and their descendants (the executors), even when the
 * test failed.
 */
final class ClusterProcesses implements AutoCloseable {

    static final Path HOME = Path.of("..").toAbsolutePath().normalize();
    static final Path EXAMPLES_JAR = HOME.resolve("gearpump-examples/target/gearpump-examples-0.1.0-SNAPSHOT.jar");

    final Path dir;
    final int masterPort;
    private final List<Process> started = new ArrayList<>();

    ClusterProcesses(Path dir) throws IOException {
        this.dir = dir;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            this.masterPort = s.getLocalPort();
        }
    }

    String master() {
        return "127.0.0.1:" + masterPort;
    }

    Process startMaster() throws Exception {
        Process p = start("master.log", List.of(HOME.resolve("bin/master").toString(), "-port", String.valueOf(masterPort)));
        awaitOutput(p, "master.log", s -> s.contains("master listening on"));
        return p;
    }

    Process startWorker(String name) throws Exception {
        Process p = start(name + ".log", List.of(HOME.resolve("bin/worker").toString(), "-master", master()),
                "-Dgearpump.worker.dir=" + dir.resolve(name) + " -Dgearpump.worker.slots=4"
                        + " -Dgearpump.executor.jvm.opts=-Xmx256m -Dgearpump.net.heartbeat.timeout.ms=3000");
        awaitOutput(p, name + ".log", s -> s.contains("registered"));
        return p;
    }

    /** Runs {@code bin/gear args...} to its end (at most 60 s); returns exit code and output. */
    Result gear(String... args) throws Exception {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/gear").toString()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile(dir, "gear", ".out"); // a file, so a long output never blocks the command
        Process p = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile()).start();
        started.add(p);
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IllegalStateException("gear " + String.join(" ", args) + " did not end within 60 s");
        }
        return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8));
    }

    /** Starts {@code bin/gear args...} in the background, its output in {@code log}. */
    Process gearInBackground(String log, String... args) throws IOException {
        List<String> command = new ArrayList<>(List.of(HOME.resolve("bin/gear").toString()));
        command.addAll(List.of(args));
        return start(log, command);
    }

    record Result(int exit, String output) {
    }

    String log(String name) throws IOException {
        Path f = dir.resolve(name);
        return Files.exists(f) ? Files.readString(f) : "";
    }

    private Process start(String log, List<String> command) throws IOException {
        return start(log, command, "");
    }

    private Process start(String log, List<String> command, String javaOpts) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("GEAR_JAVA_OPTS", javaOpts + " -Dgearpump.net.heartbeat.interval.ms=300");
        Process p = pb.start();
        started.add(p);
        return p;
    }

    void awaitOutput(Process p, String log, Predicate<String> ready) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!ready.test(log(log))) {
            if (!p.isAlive()) {
                throw new IllegalStateException(log + " ended early:\n" + log(log));
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(log + " not ready within 60 s:\n" + log(log));
            }
            Thread.sleep(50);
        }
    }

    /** Executor JVMs below {@code worker} right now. */
    static long executorsOf(Process worker) {
        return worker.descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("ExecutorMain")).orElse(false)).count();
    }

    /** The executors (not AppMasters) under these workers. */
    static java.util.stream.Stream<ProcessHandle> taskExecutors(Process... workers) {
        return java.util.Arrays.stream(workers).flatMap(Process::descendants).filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("ExecutorMain") && c.contains("-role executor")).orElse(false));
    }

    static boolean hostsAppMaster(Process worker) {
        return worker.descendants().filter(ProcessHandle::isAlive)
                .anyMatch(h -> h.info().commandLine().map(c -> c.contains("-role appmaster")).orElse(false));
    }

    /** Keeps the processes' logs under target/it-logs (the temporary directory goes away). */
    private void keepLogs() {
        try (var files = Files.list(dir)) {
            Path keep = Files.createDirectories(HOME.resolve("gearpump-examples/target/it-logs").resolve(dir.getFileName()));
            for (Path f : files.filter(f -> f.toString().endsWith(".log")).toList()) {
                Files.copy(f, keep.resolve(f.getFileName()), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            // the logs are a courtesy
        }
    }

    @Override
    public void close() {
        keepLogs();
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            try {
                p.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
