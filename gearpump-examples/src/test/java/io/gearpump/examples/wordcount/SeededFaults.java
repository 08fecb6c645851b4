package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.connectors.FileSink;
import io.gearpump.core.connectors.FileSource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * WordCount from a watched directory to part files whose counting tasks throw at random points: a
 * number of faults placed by a seed, each once its attempt took a checkpoint. For the seeded fault
 * tests of each guarantee; one such test runs at a time (the faults are static, as the tasks are
 * made by the engine).
 */
final class SeededFaults {

    static final AtomicInteger FAULTS_LEFT = new AtomicInteger();
    static volatile Random faults;

    private SeededFaults() {
    }

    /** Plans {@code count} faults placed by {@code seed}. */
    static void plan(long seed, int count) {
        faults = new Random(seed);
        FAULTS_LEFT.set(count);
    }

    /** Deletes the generated input {@code dir} and what it holds. */
    static void deleteInput(Path dir) throws IOException {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** read (watching {@code input}) -> split -> hash -> flaky count -> write to {@code output}, chained where one-to-one, 10 ms checkpoints. */
    static Application fileWordCount(Path input, Path output, Guarantee guarantee) {
        return Application.of("filewordcount", Graph.of(
                        Processor.of(FileSource.class, 2, "read", UserConfig.empty().with("path", input.toString()).with("watch", true))
                                .to(Partitioners.coLocation(), Processor.of(SplitLines.class, 2, "split"))
                                .to(Partitioners.hash(), Processor.of(FlakyCount.class, 2, "count"))
                                .to(Partitioners.coLocation(), Processor.of(FileSink.class, 2, "write", UserConfig.empty().with("path", output.toString())))))
                .withGuarantee(guarantee).withCheckpointInterval(Duration.ofMillis(10));
    }

    /**
     * RunningCount that throws, while faults are left, at random messages once its attempt took a
     * checkpoint; it counts its snapshots in a snapshot of its own, beside RunningCount's keyed state.
     */
    public static final class FlakyCount extends RunningCount implements Checkpointed<Integer> {
        private int snapshots;

        public FlakyCount(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            super.onNext(message);
            if (snapshots >= 1 && faults.nextInt(2_000) == 0 && FAULTS_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("a planned fault");
            }
        }

        @Override
        public Integer snapshotState() {
            return ++snapshots;
        }

        @Override
        public void restoreState(Integer taken) {
            // a new attempt: it waits for a checkpoint of its own before it fails again
        }
    }
}
