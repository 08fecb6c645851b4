package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.config.GearConfig;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.Future;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code gear submit} hands each main its own cluster (masters, jar, executors) through the main's
 * thread, not through JVM-wide state: two submissions running at once in one JVM each submit with
 * their own settings, from the main and from a thread it starts, and the submitting thread is left
 * as it was.
 */
@Timeout(60)
class GearSubmitTest {

    private static final CyclicBarrier BOTH_MAINS_RUNNING = new CyclicBarrier(2);

    @TempDir
    Path dir;

    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    /** A main as a user writes it: {@code Cluster.connect()}, here and on a thread of its own. */
    public static final class SubmittingMain {
        public static void main(String[] args) throws Exception {
            BOTH_MAINS_RUNNING.await(20, TimeUnit.SECONDS); // the two submissions overlap
            try (Cluster cluster = Cluster.connect()) {
                cluster.submit(Application.of(args[0], Graph.of(Processor.of(Idle.class, 1))));
            }
            Thread child = new Thread(() -> {
                try (Cluster cluster = Cluster.connect()) {
                    cluster.submit(Application.of(args[0] + "-child", Graph.of(Processor.of(Idle.class, 1))));
                }
            });
            child.start();
            child.join();
        }
    }

    public static final class Idle extends Task {
        public Idle(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    @Test
    void twoSubmissionsInOneJvmEachSubmitWithTheirOwnJarAndExecutors() throws Exception {
        Map<String, SubmitApp> submitted = new ConcurrentHashMap<>();
        AtomicInteger ids = new AtomicInteger();
        try (FakeMasters masters = new FakeMasters(1)) {
            masters.electing(masters.get(0));
            masters.leaderAnswers = request -> {
                SubmitApp s = (SubmitApp) request;
                submitted.put(s.name(), s);
                return new AppSubmitted(ids.incrementAndGet());
            };
            ClassLoader before = Thread.currentThread().getContextClassLoader();
            Path a = emptyJar("a.jar");
            Path b = emptyJar("b.jar");

            Future<Integer> first = submitInBackground(a, 3, "first", masters.get(0).address);
            Future<Integer> second = submitInBackground(b, 5, "second", masters.get(0).address);

            assertEquals(0, first.get(), err::toString);
            assertEquals(0, second.get(), err::toString);
            Map<String, String> seen = new TreeMap<>();
            submitted.forEach((name, s) -> seen.put(name, s.jarName() + " x" + s.executors()));
            assertEquals(Map.of("first", "a.jar x3", "first-child", "a.jar x3", "second", "b.jar x5", "second-child", "b.jar x5"),
                    seen);
            assertSame(before, Thread.currentThread().getContextClassLoader(), "the submitting thread's class loader is untouched");
            IllegalStateException local = assertThrows(IllegalStateException.class, Cluster::connect);
            assertTrue(local.getMessage().contains("no local cluster"), "no submission's cluster here: " + local.getMessage());
        }
    }

    @Test
    void aSubmissionTooBigForAFrameNamesTheJarItsSizeAndTheSettingToRaise() throws Exception {
        Path jar = Files.write(dir.resolve("big.jar"), new byte[200_000]);
        GearConfig small = GearConfig.defaults().with(GearConfig.FRAME_MAX_BYTES.name(), "100000");
        try (FakeMasters masters = new FakeMasters(1); ClusterClient client = new ClusterClient(small, masters.get(0).address)) {
            RemoteCluster cluster = new RemoteCluster(client, jar, 1);

            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> cluster.submit(Application.of("big", Graph.of(Processor.of(Idle.class, 1)))));

            assertTrue(e.getMessage().startsWith("the application jar " + jar + " (200,000 bytes)"), e.getMessage());
            assertTrue(e.getMessage().endsWith("raise gearpump.net.frame.max.bytes (on this client and on the masters)"), e.getMessage());
        }
    }

    private Future<Integer> submitInBackground(Path jar, int executors, String name, String master) {
        GearCli cli = new GearCli(new PrintStream(OutputStream.nullOutputStream()), new PrintStream(err, true, StandardCharsets.UTF_8));
        String[] args = {"submit", "-jar", jar.toString(), "-main", SubmittingMain.class.getName(), "-executors",
                String.valueOf(executors), "-master", master, name};
        FutureTask<Integer> task = new FutureTask<>(() -> cli.run(args));
        Thread.ofPlatform().name("submit " + name).start(task);
        return task;
    }

    /** A jar with a manifest only: the main class comes from the test's class path, through the jar's loader. */
    private Path emptyJar(String name) throws IOException {
        Path jar = dir.resolve(name);
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar), m)) {
            out.flush();
        }
        return jar;
    }
}
