package io.gearpump.master.rest;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.ChildJvm;

import java.io.IOException;
import java.io.File;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.StringJoiner;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Jars submitted through the REST API, each run as {@code bin/gear submit} does it, in a child JVM
 * of its own: {@code java -cp <this master's class path> io.gearpump.net.client.GearCli submit -jar
 * FILE [-main CLASS] -executors N args...}, with this master's configuration and the master group
 * in a {@code gear.conf} readable by this user only (the secret never shows on a command line).
 * The user's main runs there, never in the master; the child lives as long as the main does.
 * Each submission has a directory {@code <dir>/<id>} with the jar, the configuration and
 * {@code submit.log} (the child's output). Once a child has ended its jar and configuration are
 * deleted, and only the latest {@code retained} ended submissions are kept (their logs), so the
 * master's disk does not grow with submissions. Children still running when this closes are destroyed.
 * Thread-safe: the map of submissions is concurrent, a submission immutable.
 */
final class Submissions implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(Submissions.class);
    /** What {@code RemoteCluster.submit} prints for every application a main submits. */
    private static final Pattern SUBMITTED = Pattern.compile("^submitted application (\\d+) ", Pattern.MULTILINE);
    private static final String CLI = "io.gearpump.net.client.GearCli";

    record Submission(String id, Path jar, Path log, Process process) {
    }

    private final Path dir;
    private final GearConfig config;
    private final String masters;
    private final Clock clock;
    private final AtomicInteger counter = new AtomicInteger();
    private final Map<String, Submission> byId = new ConcurrentHashMap<>();
    private final java.util.Deque<String> order = new java.util.concurrent.ConcurrentLinkedDeque<>(); // oldest first
    private final int retained;

    Submissions(Path dir, GearConfig config, String masters, Clock clock, int retained) {
        this.dir = dir;
        this.retained = retained;
        this.config = config;
        this.masters = masters;
        this.clock = clock;
    }

    /** Saves the jar and starts the child that submits it. */
    Submission start(byte[] jar, ApiCall.Submit s) throws IOException {
        String id = clock.millis() + "-" + counter.incrementAndGet();
        // absolute: the child runs in this directory, where the master's relative paths would not resolve
        Path home = Files.createDirectories(dir.resolve(id)).toAbsolutePath();
        Path jarFile = home.resolve(s.jarName());
        Files.write(jarFile, jar);
        Path conf = writeConf(home.resolve("gear.conf"));
        Path log = home.resolve("submit.log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvm.defaultOptions());
        command.addAll(List.of("-D" + GearConfig.CONF_FILE_PROPERTY + "=" + conf, "-Dorg.slf4j.simpleLogger.defaultLogLevel=warn",
                "-cp", absoluteClassPath(), CLI, "submit", "-jar", jarFile.toString()));
        if (s.main() != null) {
            command.addAll(List.of("-main", s.main()));
        }
        command.addAll(List.of("-executors", Integer.toString(s.executors())));
        command.addAll(s.args());
        Process p = new ProcessBuilder(command).directory(home.toFile()).redirectErrorStream(true)
                .redirectOutput(log.toFile()).start();
        Submission submission = new Submission(id, jarFile, log, p);
        byId.put(id, submission);
        order.addLast(id);
        prune();
        LOG.info("submission {}: {} ({} bytes) in process {}, output in {}", id, s.jarName(), jar.length, p.pid(), log);
        return submission;
    }

    /** This JVM's class path with every entry absolute (`java -jar gearpump-master.jar` gives a relative one). */
    private static String absoluteClassPath() {
        StringJoiner path = new StringJoiner(File.pathSeparator);
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            path.add(entry.isEmpty() ? entry : Path.of(entry).toAbsolutePath().toString());
        }
        return path.toString();
    }

    /** This master's settings, with the master group, for the child: a file only this user reads. */
    private Path writeConf(Path file) throws IOException {
        Properties props = new Properties();
        config.withPrefix("gearpump.").forEach((k, v) -> props.setProperty("gearpump." + k, v));
        props.setProperty(GearConfig.MASTERS.name(), masters);
        Files.createFile(file);
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: the directory's permissions apply
        }
        try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            props.store(w, "written by the REST API for one submission");
        }
        return file;
    }

    /** Ended submissions lose their jar and configuration (it may hold the secret); the oldest beyond {@code retained} go whole. */
    private synchronized void prune() {
        List<Submission> ended = order.stream().map(byId::get).filter(s -> s != null && !s.process().isAlive()).toList();
        for (int i = 0; i < ended.size(); i++) {
            Submission s = ended.get(i);
            Path home = s.jar().getParent();
            if (i < ended.size() - retained) {
                byId.remove(s.id());
                order.remove(s.id());
                deleteTree(home);
            } else {
                deleteQuietly(s.jar());
                deleteQuietly(home.resolve("gear.conf"));
            }
        }
    }

    private static void deleteTree(Path root) {
        try (java.util.stream.Stream<Path> files = Files.walk(root)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(Submissions::deleteQuietly);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", root, e.toString());
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            LOG.warn("could not delete {}: {}", file, e.toString());
        }
    }

    Optional<Submission> get(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    /** The application ids the submission's main printed so far. */
    static List<Integer> appIds(Submission s) {
        String out;
        try {
            out = Files.readString(s.log(), StandardCharsets.UTF_8);
        } catch (IOException | java.io.UncheckedIOException e) {
            return List.of();
        }
        List<Integer> ids = new ArrayList<>();
        Matcher m = SUBMITTED.matcher(out);
        while (m.find()) {
            ids.add(Integer.parseInt(m.group(1)));
        }
        return ids;
    }

    /**
     * Polls the submission's output every 100 ms until its main printed an application id, its
     * child ended, or {@code waitMillis} passed; returns the ids printed by then.
     */
    static List<Integer> awaitAppIds(Submission s, long waitMillis) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(waitMillis);
        while (true) {
            boolean ended = !s.process().isAlive();
            List<Integer> ids = appIds(s);
            if (!ids.isEmpty() || ended || System.nanoTime() >= deadline) {
                return ids;
            }
            s.process().waitFor(100, TimeUnit.MILLISECONDS);
        }
    }

    /** The last line the child wrote that says something (its reason, when it failed), at most 500 characters. */
    static String lastLogLine(Submission s) {
        try (java.util.stream.Stream<String> lines = Files.lines(s.log(), StandardCharsets.UTF_8)) {
            String last = lines.filter(l -> !l.isBlank()).reduce((a, b) -> b).orElse("(no output)").strip();
            return last.length() > 500 ? last.substring(0, 500) + "..." : last;
        } catch (IOException | java.io.UncheckedIOException e) {
            return "(its log " + s.log() + " cannot be read: " + e.getMessage() + ")";
        }
    }

    /** Destroys the children still running (and theirs), waiting a little for each. */
    @Override
    public void close() {
        for (Submission s : byId.values()) {
            Process p = s.process();
            if (!p.isAlive()) {
                continue;
            }
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            try {
                if (!p.waitFor(5, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                    p.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
            LOG.info("submission {}: its process was stopped as the master closed", s.id());
        }
    }
}
