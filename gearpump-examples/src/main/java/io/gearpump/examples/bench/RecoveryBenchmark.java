package io.gearpump.examples.bench;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.config.GearConfig;
import io.gearpump.examples.fsio.SampleText;
import io.gearpump.examples.wordcount.FileWordCount;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.net.client.ClusterClient;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.daemon.WorkerService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Stream;

/**
 * {@code gear bench recovery [-trials 10]}: exactly-once WordCount from a watched directory (a new
 * small file every 100 ms) to part files, on a master and two workers in this JVM with executors as
 * child JVMs, checkpoints every second. Each trial kills one task executor with SIGKILL and times
 * from the kill to the first output committed after the restart (visible part-file bytes growing
 * once the AppMaster has restarted the tasks): detection, a new executor JVM, the restore, and the
 * next completed checkpoint.
 */
final class RecoveryBenchmark {

    private RecoveryBenchmark() {
    }

    static String run(int trials) throws Exception {
        Path work = Files.createTempDirectory("gear-bench-recovery");
        Path input = Files.createDirectories(work.resolve("in"));
        Path output = work.resolve("out");
        GearConfig config = GearConfig.load().with("gearpump.executor.jvm.opts", "-Xmx512m")
                .with("gearpump.checkpoint.dir", work.resolve("checkpoints").toString())
                .with("gearpump.app.max.restarts", String.valueOf(trials + 5));
        List<AutoCloseable> closing = new ArrayList<>();
        AtomicBoolean feeding = new AtomicBoolean(true);
        Thread feeder = Thread.ofPlatform().daemon().name("recovery-bench-feeder").start(() -> feed(input, feeding));
        try {
            NodeContext masterNode = MasterService.startNode("master", config, RecoveryBenchmark.class.getClassLoader());
            closing.add(masterNode);
            MasterService master = new MasterService(masterNode, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC(),
                    new MemoryStorage("master"));
            closing.add(0, master);
            List<WorkerService> workers = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                NodeContext node = NodeContext.start("worker" + i, config, RecoveryBenchmark.class.getClassLoader());
                closing.add(node);
                WorkerService w = new WorkerService(node, List.of(master.address()), work.resolve("worker-" + i));
                workers.add(w);
                closing.add(0, w);
            }
            try (ClusterClient client = new ClusterClient(config, master.address())) {
                for (WorkerService w : workers) {
                    w.registered().get();
                }
                Path jar = Path.of(RecoveryBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                int appId = client.submit(new SubmitApp("filewordcount", "bench", jar.getFileName().toString(), Files.readAllBytes(jar),
                        AppDescription.of(FileWordCount.application(input, output, 2, 2, Guarantee.EXACTLY_ONCE, true)).toBytes(), 2,
                        SubmitApp.newId()));
                List<Long> millis = new ArrayList<>();
                for (int t = 0; t < trials; t++) {
                    awaitSteady(client, appId, output);
                    millis.add(trial(client, appId, output));
                }
                client.kill(appId);
                List<Long> sorted = new ArrayList<>(millis);
                sorted.sort(null);
                return String.format(Locale.ROOT, "trials=%d recovery_median_ms=%d recovery_max_ms=%d all_ms=%s checkpoint_interval_ms=1000",
                        trials, sorted.get(sorted.size() / 2), sorted.get(sorted.size() - 1), millis);
            }
        } finally {
            feeding.set(false);
            feeder.join(5_000);
            for (AutoCloseable c : closing) {
                try {
                    c.close();
                } catch (Exception e) {
                    // shutting down anyway
                }
            }
        }
    }

    /** Kills a task executor; the milliseconds until output committed after the restart is visible. */
    private static long trial(ClusterClient client, int appId, Path output) throws Exception {
        AppReport before = client.status(appId);
        int restartsBefore = restarts(before);
        int executor = before.detail().placement().get(0).executorId(); // one that runs tasks of the current attempt
        ProcessHandle victim = ProcessHandle.current().descendants().filter(ProcessHandle::isAlive)
                .filter(h -> h.info().commandLine().map(c -> c.contains("ExecutorMain") && c.contains("-role executor")
                        && c.contains("-executor " + executor + " ")).orElse(false))
                .findFirst().orElseThrow(() -> new IllegalStateException("no process for executor " + executor));
        long killed = System.nanoTime();
        victim.destroyForcibly();
        long deadline = killed + 60_000_000_000L;
        while (restarts(client.status(appId)) <= restartsBefore) {
            check(deadline, "restart");
            Thread.sleep(5);
        }
        long committed = visibleBytes(output);
        while (visibleBytes(output) <= committed) {
            check(deadline, "output committed after the restart");
            Thread.sleep(5);
        }
        return (System.nanoTime() - killed) / 1_000_000;
    }

    /** Waits until output has been committed twice in a row, so a trial starts from a running application. */
    private static void awaitSteady(ClusterClient client, int appId, Path output) throws Exception {
        long deadline = System.nanoTime() + 60_000_000_000L;
        for (int grown = 0; grown < 2; ) {
            long before = visibleBytes(output);
            while (visibleBytes(output) <= before) {
                check(deadline, "steady output");
                Thread.sleep(10);
            }
            grown++;
        }
    }

    private static int restarts(AppReport r) {
        return r.detail() == null ? 0 : r.detail().restarts();
    }

    private static void check(long deadline, String what) {
        if (System.nanoTime() > deadline) {
            throw new IllegalStateException("no " + what + " within 60 s");
        }
    }

    private static long visibleBytes(Path output) throws IOException {
        if (!Files.isDirectory(output)) {
            return 0;
        }
        try (Stream<Path> files = Files.list(output)) {
            return files.filter(p -> !p.getFileName().toString().startsWith(".")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    private static void feed(Path input, AtomicBoolean feeding) {
        try {
            for (int i = 0; feeding.get(); i++) {
                SampleText.write(input.resolve(String.format(Locale.ROOT, "text-%06d.txt", i)), 200, i);
                Thread.sleep(100);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
