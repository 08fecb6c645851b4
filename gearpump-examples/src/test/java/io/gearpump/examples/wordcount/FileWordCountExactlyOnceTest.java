package io.gearpump.examples.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.examples.fsio.SampleText;
import io.gearpump.local.LocalCluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * WordCount from files to files with EXACTLY_ONCE on LocalCluster (the real AppMaster and executors;
 * the source watches its directory, so only checkpoints commit output), while the counting tasks
 * throw at random points (three faults per run, placed by the seed; see {@link SeededFaults}): the
 * committed output holds, for every word, each of its running counts 1..n exactly once, where n is
 * its count in the input computed here, independently of the engine.
 */
@Timeout(180)
class FileWordCountExactlyOnceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {1, 2, 3})
    void theCommittedCountsAreExactThroughFaults(long seed) throws IOException {
        SeededFaults.plan(seed, 3);
        Path input = SampleText.generate(50_000);
        try {
            run(seed, input);
        } finally {
            SeededFaults.deleteInput(input);
        }
    }

    private void run(long seed, Path input) throws IOException {
        Path output = dir.resolve("out");
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", dir.resolve("checkpoints").toString())
                .with("gearpump.app.max.restarts", "10");

        long words = CommittedCounts.inInput(input).values().stream().mapToLong(Long::longValue).sum();
        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(SeededFaults.fileWordCount(input, output, Guarantee.EXACTLY_ONCE));
            // the source watches its directory, so the application runs on: wait for the output to be complete
            Poll.until("every word's counts committed", Duration.ofSeconds(120), () -> CommittedCounts.lines(output),
                    n -> n >= words || cluster.status(appId).state().isFinal());
            AppStatus running = cluster.status(appId);
            assertFalse(running.state().isFinal(), "it never ends by itself: " + running);
            cluster.kill(appId);
        }

        assertEquals(0, SeededFaults.FAULTS_LEFT.get(), "every planned fault happened");
        CommittedCounts.assertExact(input, output, "seed " + seed);
    }
}
