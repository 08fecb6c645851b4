package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import java.util.jar.JarFile;
import java.util.jar.Manifest;
import java.util.stream.Stream;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every jar the build leaves under a module's {@code target/} either runs where it is or has no
 * Main-Class; the distribution's daemons run from their jars and from its {@code bin/}, and log
 * through the slf4j-simple in its {@code lib/}.
 */
@Timeout(value = 3, unit = TimeUnit.MINUTES)
class RunnableJarsIT {

    private static final Path HOME = ClusterProcesses.HOME;
    private static final Path DIST = HOME.resolve("gearpump-examples/target/dist/gearpump-0.1.0-SNAPSHOT");
    private static final List<String> DAEMON_JARS = List.of("gearpump-master.jar", "gearpump-worker.jar");

    @TempDir
    Path dir;

    private final List<Process> started = new ArrayList<>();

    @AfterEach
    void stopEverythingStarted() throws InterruptedException {
        for (Process p : started) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
        }
        for (Process p : started) {
            p.waitFor(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void everyJarWithAMainClassUnderAModulesTargetRunsWhereItIs() throws Exception {
        Map<Path, String> runnable = new TreeMap<>();
        for (Path jar : jarsUnderTargets()) {
            String main = mainClass(jar);
            if (main != null) {
                runnable.put(HOME.relativize(jar), main);
            } else {
                assertFalse(DAEMON_JARS.contains(jar.getFileName().toString()), jar + " is named like a runnable jar but has no Main-Class");
            }
        }
        assertEquals("io.gearpump.master.MasterMain", runnable.get(HOME.relativize(DIST.resolve("gearpump-master.jar"))), runnable.toString());
        assertEquals("io.gearpump.worker.WorkerMain", runnable.get(HOME.relativize(DIST.resolve("gearpump-worker.jar"))), runnable.toString());

        Map<Path, String> failures = new TreeMap<>();
        for (Path jar : runnable.keySet()) {
            // from an unrelated directory: a jar's Class-Path is relative to the jar, not to where it is run
            Process p = start(dir, "help.log", List.of(java(), "-jar", HOME.resolve(jar).toString(), "--help"));
            boolean ended = p.waitFor(60, TimeUnit.SECONDS);
            String out = Files.readString(dir.resolve("help.log"));
            if (!ended || p.exitValue() != 2 || !out.contains("usage:") || out.contains("Error") || out.contains("Exception")) {
                failures.put(jar, ended ? "exit " + p.exitValue() + ": " + out : "did not end: " + out);
            }
        }
        assertEquals(Map.of(), failures, "runnable jars that do not run where they are (expected a usage line and exit 2)");
    }

    @Test
    void theDistributionsDaemonJarsRunAndLog() throws Exception {
        assertTrue(Files.exists(DIST.resolve("lib/slf4j-simple-2.0.16.jar")), "the distribution's lib/ has a logging backend");
        String master = "127.0.0.1:" + freePort();
        String opts = "-Dgearpump.cluster.masters=" + master;

        Process m = start(DIST, "master.log", List.of(java(), opts, "-Dgearpump.master.dir=" + dir.resolve("masters"), "-jar",
                "gearpump-master.jar", "-port", master.split(":")[1]));
        String masterLog = await(m, "master.log", s -> s.contains("master listening on " + master));
        Process w = start(DIST, "worker.log", List.of(java(), opts, "-Dgearpump.worker.dir=" + dir.resolve("worker"), "-jar",
                "gearpump-worker.jar", "-master", master));
        String workerLog = await(w, "worker.log", RunnableJarsIT::registered);

        assertLogs(masterLog, "io.gearpump.master.");
        assertLogs(workerLog, "io.gearpump.worker.");
    }

    @Test
    void theDistributionsBinScriptsRunTheDaemonsAndLog() throws Exception {
        String master = "127.0.0.1:" + freePort();
        String opts = "-Dgearpump.cluster.masters=" + master + " -Dgearpump.master.dir=" + dir.resolve("masters")
                + " -Dgearpump.worker.dir=" + dir.resolve("worker") + " -Dgearpump.rest.port=0";

        Process m = startScript("master.log", opts, DIST.resolve("bin/master").toString(), "-port", master.split(":")[1]);
        String masterLog = await(m, "master.log", s -> s.contains("master listening on " + master));
        Process w = startScript("worker.log", opts, DIST.resolve("bin/worker").toString());
        String workerLog = await(w, "worker.log", RunnableJarsIT::registered);

        assertLogs(masterLog, "io.gearpump.master.");
        assertLogs(workerLog, "io.gearpump.worker.");
    }

    /** The worker's own line (stdout, not the log) once it has registered. */
    private static boolean registered(String workerOutput) {
        return Pattern.compile("(?m)^worker \\d+ registered$").matcher(workerOutput).find();
    }

    /** slf4j-simple's format, "[thread] INFO logger - message", for a logger of the daemon's packages. */
    private static void assertLogs(String output, String packagePrefix) {
        assertTrue(output.contains("] INFO " + packagePrefix), "logs through slf4j-simple:\n" + output);
        assertFalse(output.contains("No SLF4J providers"), output);
    }

    private static List<Path> jarsUnderTargets() throws IOException {
        List<Path> jars = new ArrayList<>();
        try (Stream<Path> modules = Files.list(HOME)) {
            for (Path target : modules.filter(m -> m.getFileName().toString().startsWith("gearpump-")).map(m -> m.resolve("target"))
                    .filter(Files::isDirectory).toList()) {
                try (Stream<Path> files = Files.walk(target)) {
                    // target/surefire holds the test runner's booter jars while tests run (this one's too)
                    files.filter(f -> f.toString().endsWith(".jar") && Files.isRegularFile(f))
                            .filter(f -> !target.relativize(f).startsWith("surefire")).forEach(jars::add);
                }
            }
        }
        assertTrue(jars.stream().anyMatch(j -> j.equals(ClusterProcesses.EXAMPLES_JAR)),
                "the build ran first: " + jars);
        return jars;
    }

    private static String mainClass(Path jar) throws IOException {
        try (JarFile f = new JarFile(jar.toFile())) {
            Manifest m = f.getManifest();
            return m == null ? null : m.getMainAttributes().getValue("Main-Class");
        }
    }

    private static String java() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private Process start(Path workDir, String log, List<String> command) throws IOException {
        Process p = new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile()).start();
        started.add(p);
        return p;
    }

    private Process startScript(String log, String javaOpts, String... command) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve(log).toFile());
        pb.environment().put("GEAR_JAVA_OPTS", javaOpts);
        Process p = pb.start();
        started.add(p);
        return p;
    }

    /** The log of {@code p} once it matches {@code ready} (within 60 s, and while {@code p} lives). */
    private String await(Process p, String log, Predicate<String> ready) {
        return Poll.until(log + " to be ready", Duration.ofSeconds(60), () -> {
            boolean alive = p.isAlive(); // asked first: a process that has ended has written all it will
            String out = Files.readString(dir.resolve(log));
            if (!alive && !ready.test(out)) {
                throw new AssertionError(log + " ended early:\n" + out);
            }
            return out;
        }, ready);
    }
}
