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
import java.util.Map;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The seeded fault test of {@link FileWordCountExactlyOnceTest} with AT_LEAST_ONCE (barriers counted,
 * not aligned, so a restart may count again what a checkpoint already held): every word of the input
 * is counted at least once, i.e. each of its running counts 1..n is committed, and no word's final
 * committed count is below n, its count in the input computed here.
 */
@Timeout(180)
class FileWordCountAtLeastOnceTest {

    @TempDir
    Path dir;

    @ParameterizedTest(name = "seed {0}")
    @ValueSource(longs = {4, 5, 6})
    void everyWordIsCountedAtLeastOnceThroughFaults(long seed) throws IOException {
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

        Map<String, Long> truth = CommittedCounts.inInput(input);
        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(SeededFaults.fileWordCount(input, output, Guarantee.AT_LEAST_ONCE));
            // duplicates may come, so the number of lines does not say when it is done: every count must be there
            Poll.until("every word's counts 1..n committed", Duration.ofSeconds(120),
                    () -> CommittedCounts.coversAtLeastOnce(truth, output) || cluster.status(appId).state().isFinal());
            AppStatus running = cluster.status(appId);
            assertFalse(running.state().isFinal(), "it never ends by itself: " + running);
            cluster.kill(appId);
        }

        assertEquals(0, SeededFaults.FAULTS_LEFT.get(), "every planned fault happened");
        CommittedCounts.assertAtLeastOnce(truth, output, "seed " + seed);
    }
}
