package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.wordcount.Split;
import io.gearpump.local.LocalCluster;

import java.util.Locale;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * {@code gear bench startup}: in this JVM, fresh, how long from {@code LocalCluster.start()} to the
 * first word WordCount's counting stage processes (WordCount's split feeding a counter that notes
 * its first message); with {@code -stages peers -parallelism N}, to the first record at the sinks of
 * SOL with the peers' stages, N tasks a stage. Run it several times for a median: each run is one
 * cold start.
 */
final class StartupBenchmark {

    private static final AtomicLong FIRST_RECORD_NANOS = new AtomicLong();
    private static final CountDownLatch FIRST = new CountDownLatch(1);

    private StartupBenchmark() {
    }

    /** {@code solParallelism}: 0 for WordCount, else the tasks per stage of SOL with the peers' stages. */
    static String run(int solParallelism) throws InterruptedException {
        long t0 = System.nanoTime();
        try (LocalCluster cluster = LocalCluster.start()) {
            long started = System.nanoTime();
            Application app = solParallelism > 0 ? Benchmark.peerSol(solParallelism, FirstWord.class)
                    : Application.of("wordcount-startup", Graph.of(Processor.of(Split.class, 2, "split", UserConfig.empty())
                            .to(Processor.of(FirstWord.class, 2, "sum", UserConfig.empty()))));
            cluster.submit(app);
            if (!FIRST.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("no word was counted within 30 s");
            }
            long first = FIRST_RECORD_NANOS.get();
            return String.format(Locale.ROOT, "localcluster_start_ms=%.1f submit_to_first_record_ms=%.1f first_record_ms=%.1f",
                    ms(started - t0), ms(first - started), ms(first - t0));
        }
    }

    private static double ms(long nanos) {
        return nanos / 1e6;
    }

    /** Counts nothing: notes when the first word arrived. */
    public static final class FirstWord extends Task {
        public FirstWord(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            if (FIRST_RECORD_NANOS.compareAndSet(0, System.nanoTime())) {
                FIRST.countDown();
            }
        }
    }
}
