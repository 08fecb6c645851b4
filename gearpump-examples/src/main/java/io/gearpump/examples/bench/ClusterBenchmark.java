package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.config.GearConfig;
import io.gearpump.examples.sol.SOLStreamProcessor;
import io.gearpump.examples.sol.SOLStreamProducer;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.net.client.ClusterClient;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.daemon.WorkerService;

import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code gear bench sol -cluster}: SOL on a real cluster in this machine: a master and two workers
 * (in this JVM), executors as child JVMs, the producers pinned to one worker's executor and the
 * processors to the other's, so every message crosses JVMs. Prints msgs/s (counted from the
 * AppMaster's reports), the CPU of every JVM, and how long it took from submission to the first
 * processed message (the processors note its wall-clock time): for the measured application, which
 * a warm cluster runs, and for a first one, which the workers run before they ever ran an executor.
 */
final class ClusterBenchmark {

    private ClusterBenchmark() {
    }

    static String run(int warmup, int seconds) throws Exception {
        GearConfig config = GearConfig.load().with("gearpump.executor.jvm.opts", "-Xms2g -Xmx2g -XX:+UseG1GC");
        List<AutoCloseable> closing = new ArrayList<>();
        TempTree work = new TempTree("gear-bench-cluster");
        closing.add(work); // deleted last, after the workers that write to it stopped
        try {
            NodeContext masterNode = MasterService.startNode("master", config, ClusterBenchmark.class.getClassLoader());
            closing.add(0, masterNode);
            MasterService master = new MasterService(masterNode, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC(),
                    new MemoryStorage("master"));
            closing.add(0, master);
            for (int i = 0; i < 2; i++) {
                NodeContext node = NodeContext.start("worker" + i, config, ClusterBenchmark.class.getClassLoader());
                closing.add(closing.size() - 1, node);
                closing.add(0, new WorkerService(node, java.util.List.of(master.address()), work.path().resolve("worker-" + i)));
            }
            try (ClusterClient client = new ClusterClient(config, master.address())) {
                awaitWorkers(client, 2);
                Path jar = Path.of(ClusterBenchmark.class.getProtectionDomain().getCodeSource().getLocation().toURI());
                if (!Files.isRegularFile(jar)) {
                    throw new IllegalStateException("the cluster benchmark runs from the examples jar (bin/gear), not from " + jar);
                }
                byte[] jarBytes = Files.readAllBytes(jar);
                // the first application meets workers that never ran an executor; the second is what a warm cluster does
                Submission cold = Submission.of(client, jar, jarBytes);
                cold.awaitFirst(client);
                client.kill(cold.appId);
                Submission warm = Submission.of(client, jar, jarBytes);
                Measurement.Result r = Measurement.run(() -> received(client.status(warm.appId)), warmup, seconds, () -> { },
                        () -> childrenCpuNanos());
                long warmFirst = warm.awaitFirst(client);
                client.kill(warm.appId);
                return String.format(Locale.ROOT, "%s submit_to_first_ms=%d first_app_submit_to_first_ms=%d executors=2 workers=2",
                        r.format("msgs_per_s"), warmFirst, cold.awaitFirst(client));
            }
        } finally {
            for (AutoCloseable c : closing) {
                try {
                    c.close();
                } catch (Exception e) {
                    // shutting down anyway
                }
            }
        }
    }

    /** One submission of the application, and when its first message arrived (noted by the processors themselves). */
    private static final class Submission {
        final int appId;
        final long submittedMillis;
        long firstMillis = -1;

        private Submission(int appId, long submittedMillis) {
            this.appId = appId;
            this.submittedMillis = submittedMillis;
        }

        static Submission of(ClusterClient client, Path jar, byte[] jarBytes) {
            long at = System.currentTimeMillis();
            int appId = client.submit(new SubmitApp("sol-cluster", "bench", jar.getFileName().toString(), jarBytes,
                    AppDescription.of(application()).toBytes(), 2, SubmitApp.newId()));
            return new Submission(appId, at);
        }

        /** Milliseconds from submission to the first message a processor received, once a report has it. */
        long awaitFirst(ClusterClient client) throws InterruptedException {
            long deadline = System.nanoTime() + 60_000_000_000L;
            while (firstMillis < 0) {
                AppReport r = client.status(appId);
                if (r.detail() != null) {
                    r.detail().counters().forEach((name, at) -> {
                        if (name.startsWith(FirstArrival.COUNTER) && (firstMillis < 0 || at < firstMillis)) {
                            firstMillis = at;
                        }
                    });
                }
                if (firstMillis < 0) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("application " + appId + " processed nothing within 60 s");
                    }
                    Thread.sleep(20);
                }
            }
            return firstMillis - submittedMillis;
        }
    }

    private static long received(AppReport r) {
        if (r.detail() == null) {
            return 0;
        }
        long n = 0;
        for (ProcessorReport p : r.detail().processors()) {
            if (p.description().equals("processor")) {
                n += p.received();
            }
        }
        return n;
    }

    /** SOL's processor that notes, in a counter of its own, the wall-clock time its first message arrived. */
    public static final class FirstArrival extends SOLStreamProcessor {
        static final String COUNTER = "bench.first_arrival_ms.";
        private boolean arrived;

        public FirstArrival(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            if (!arrived) {
                arrived = true;
                context.counter(COUNTER + context.taskId()).add(System.currentTimeMillis());
            }
            super.onNext(message);
        }
    }

    private static Application application() {
        UserConfig payload = UserConfig.empty().with(SOLStreamProducer.BYTES_PER_MESSAGE, 100);
        Processor producer = Processor.of(SOLStreamProducer.class, 2, "producer", payload.with("placement.executor", 0));
        Processor processor = Processor.of(FirstArrival.class, 2, "processor", UserConfig.empty().with("placement.executor", 1));
        return Application.of("sol-cluster", Graph.of(producer.to(Partitioners.shuffle(), processor)));
    }

    private static void awaitWorkers(ClusterClient client, int n) throws InterruptedException {
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (client.cluster().workers().size() < n) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("the workers did not register within 30 s");
            }
            Thread.sleep(20);
        }
    }

    private static long childrenCpuNanos() {
        return ProcessHandle.current().descendants()
                .mapToLong(h -> h.info().totalCpuDuration().map(Duration::toNanos).orElse(0L)).sum();
    }
}
