package io.gearpump.cluster;

import io.gearpump.core.testing.Poll;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
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
    private final List<Integer> masterPorts = new ArrayList<>();
    private final List<Process> started = new ArrayList<>();

    ClusterProcesses(Path dir) throws IOException {
        this(dir, 1);
    }

    /** With a group of {@code masters} masters (1, 3 or 5), each on its own port. */
    ClusterProcesses(Path dir, int masters) throws IOException {
        this.dir = dir;
        for (int i = 0; i < masters; i++) {
            try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
                masterPorts.add(s.getLocalPort());
            }
        }
    }

    /** Every master's address, comma separated: what clients and workers are given. */
    String master() {
        return String.join(",", masterPorts.stream().map(ClusterProcesses::address).toList());
    }

    static String address(int port) {
        return "127.0.0.1:" + port;
    }

    List<Integer> masterPorts() {
        return masterPorts;
    }

    /** Starts the only master, or every master of the group. */
    Process startMaster() throws Exception {
        Process first = null;
        for (int port : masterPorts) {
            Process p = startMaster(port, "master-" + port + ".log");
            first = first == null ? p : first;
        }
        return first;
    }

    /** The lines of every master's log that contain {@code text}. */
    List<String> masterLogLines(String text) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int port : masterPorts) {
            Path log = dir.resolve("master-" + port + ".log");
            if (Files.exists(log)) {
                Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> l.contains(text)).forEach(lines::add);
            }
        }
        return lines;
    }

    /** Starts (or restarts, from its disk) the master on {@code port}, its output in {@code log}. */
    Process startMaster(int port, String log) throws Exception {
        return startMaster(port, log, "");
    }

    /** The same, with {@code javaOpts} too (e.g. {@code -Dgearpump.*} settings). */
    Process startMaster(int port, String log, String javaOpts) throws Exception {
        Process p = start(log, List.of(HOME.resolve("bin/master").toString(), "-port", String.valueOf(port)),
                "-Dgearpump.cluster.masters=" + master() + " -Dgearpump.master.dir=" + dir.resolve("masters")
                        + " -Dgearpump.rest.port=0 " + javaOpts); // masters side by side: each REST API on a free port
        awaitOutput(p, log, s -> s.contains("master listening on"));
        return p;
    }

    Process startWorker(String name) throws Exception {
        return startWorker(name, "");
    }

    /** A worker with {@code javaOpts} too (e.g. {@code -Dgearpump.*} settings its executors get). */
    Process startWorker(String name, String javaOpts) throws Exception {
        Process p = start(name + ".log", List.of(HOME.resolve("bin/worker").toString(), "-master", master()),
                "-Dgearpump.cluster.masters=" + master() + " -Dgearpump.worker.dir=" + dir.resolve(name) + " -Dgearpump.worker.slots=4"
                        + " -Dgearpump.executor.jvm.opts=-Xmx256m -Dgearpump.net.heartbeat.timeout.ms=3000 " + javaOpts);
        awaitOutput(p, name + ".log", s -> s.contains("-> REGISTERED"));
        return p;
    }

    static final String WORDCOUNT = "io.gearpump.examples.wordcount.WordCount";

    /** bin/gear submit of WordCount (2 executors) in the background; returns once it counts on both workers. */
    String submitEndlessWordCountOnBothWorkers() throws Exception {
        gearInBackground("submit.log", "submit", "-master", master(), "-jar", EXAMPLES_JAR.toString(), "-main", WORDCOUNT,
                "-executors", "2", "-split", "2", "-sum", "2", "-runseconds", "600");
        return awaitStatus(s -> s.contains("RUNNING") && s.contains("of worker 1") && s.contains("of worker 2")
                && received(s, "sum") > 0);
    }

    /** Application 1's {@code bin/gear status} once it matches {@code done} (within 90 s). */
    String awaitStatus(Predicate<String> done) throws Exception {
        try {
            return Poll.until("application 1's status to match", Duration.ofSeconds(90),
                    () -> gear("status", "-appid", "1", "-master", master()),
                    r -> r.exit() == 0 && done.test(r.output())).output();
        } catch (AssertionError e) {
            throw new AssertionError(e.getMessage() + "\nsubmit log:\n" + log("submit.log"), e);
        }
    }

    /** The messages a processor received, from a status output; -1 when it does not show. */
    static long received(String status, String processor) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\d+ " + processor + "\\s+x\\d+ received ([\\d,]+)")
                .matcher(status);
        return m.find() ? Long.parseLong(m.group(1).replace(",", "")) : -1;
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
        @Override
        public String toString() {
            return "exit " + exit + ", output:\n" + output;
        }
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

    /** Waits (at most 60 s) until the output of {@code p} in {@code log} is {@code ready}; fails if {@code p} ends first. */
    void awaitOutput(Process p, String log, Predicate<String> ready) {
        Poll.until(log + " to be ready", Duration.ofSeconds(60), () -> {
            boolean alive = p.isAlive(); // asked first: a process that has ended has written all it will
            String out = log(log);
            if (!alive && !ready.test(out)) {
                throw new AssertionError(log + " ended early:\n" + out);
            }
            return out;
        }, ready);
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
