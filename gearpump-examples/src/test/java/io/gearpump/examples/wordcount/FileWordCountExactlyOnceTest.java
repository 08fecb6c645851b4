package io.gearpump.examples.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.connectors.FileSink;
import io.gearpump.core.connectors.FileSource;
import io.gearpump.examples.fsio.SampleText;
import io.gearpump.core.testing.Poll;
import io.gearpump.local.LocalCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WordCount from files to files with EXACTLY_ONCE on LocalCluster (the real AppMaster and executors;
 * the source watches its directory, so only checkpoints commit output), while the counting tasks
 * throw at random points (three faults per run, placed by the seed): the
 * committed output holds, for every word, each of its running counts 1..n exactly once, where n is
 * its count in the input computed here, independently of the engine.
 */
@Timeout(180)
class FileWordCountExactlyOnceTest {

    static final AtomicInteger FAULTS_LEFT = new AtomicInteger();
    static volatile Random faults;

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theCommittedCountsAreExactThroughFaults(long seed) throws IOException {
        faults = new Random(seed);
        FAULTS_LEFT.set(3);
        Path input = SampleText.generate(50_000);
        Path output = dir.resolve("out");
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", dir.resolve("checkpoints").toString())
                .with("gearpump.app.max.restarts", "10");
        Application app = Application.of("filewordcount", Graph.of(
                        Processor.of(FileSource.class, 2, "read", UserConfig.empty().with("path", input.toString()).with("watch", true))
                                .to(Processor.of(SplitLines.class, 2, "split"))
                                .to(Partitioners.hash(), Processor.of(FlakyCount.class, 2, "count"))
                                .to(Processor.of(FileSink.class, 2, "write", UserConfig.empty().with("path", output.toString())))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(10));

        long words = CommittedCounts.inInput(input).values().stream().mapToLong(Long::longValue).sum();
        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(app);
            // the source watches its directory, so the application runs on: wait for the output to be complete
            Poll.until("every word's counts committed", Duration.ofSeconds(120), () -> CommittedCounts.lines(output),
                    n -> n >= words || cluster.status(appId).state().isFinal());
            AppStatus running = cluster.status(appId);
            assertFalse(running.state().isFinal(), "it never ends by itself: " + running);
            cluster.kill(appId);
        }

        assertEquals(0, FAULTS_LEFT.get(), "every planned fault happened");
        CommittedCounts.assertExact(input, output, "seed " + seed);
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
