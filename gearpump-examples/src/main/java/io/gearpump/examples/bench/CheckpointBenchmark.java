package io.gearpump.examples.bench;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.examples.wordcount.WordCount;
import io.gearpump.local.LocalCluster;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * {@code gear bench wordcount -guarantee exactly_once|at_least_once|none}: WordCount (2 Split -> hash
 * -> 2 Sum, both checkpointed) on LocalCluster, with the real AppMaster coordinating checkpoints every
 * second (none for {@code none}), checkpoints written to a temporary directory. Prints words/s (from
 * the AppMaster's reports, so 1 s windows are coarse) and the duration of the checkpoints completed
 * while measuring (barrier injected to last snapshot written), p50 and p99. With {@code -stages peers}
 * the job has the peers' stages instead ({@link PeerWordCount}), words counted at its sink.
 */
final class CheckpointBenchmark {

    private CheckpointBenchmark() {
    }

    /**
     * {@code peerStages}: the peers' stages ({@link PeerWordCount}), words counted at its sink;
     * {@code boxedCounter}: its counter in a {@code ValueState<Long>}, as the peers' Flink job, instead of a {@code LongValueState}.
     */
    static String run(Guarantee guarantee, boolean peerStages, boolean boxedCounter, int par, int warmup, int seconds) throws Exception {
        List<Long> durations = new ArrayList<>();
        long[] lastId = {0};
        try (TempTree checkpoints = new TempTree("gear-bench-checkpoints");
             LocalCluster cluster = LocalCluster.start(GearConfig.load().with("gearpump.checkpoint.dir", checkpoints.path().toString()))) {
            Application app = peerStages ? PeerWordCount.application(par, boxedCounter)
                    : WordCount.application(par, par, UserConfig.empty());
            String counted = peerStages ? "sink" : "sum";
            int appId = cluster.submit(app.withGuarantee(guarantee).withCheckpointInterval(Duration.ofSeconds(1)));
            boolean[] measuring = {false};
            Measurement.Result r = Measurement.run(() -> {
                AppStatus s = cluster.status(appId);
                if (measuring[0] && s.lastCheckpoint().id() > lastId[0]) {
                    durations.add(s.lastCheckpoint().durationMillis());
                }
                lastId[0] = s.lastCheckpoint().id();
                return s.received(counted);
            }, warmup, seconds, () -> measuring[0] = true);
            cluster.kill(appId);
            durations.sort(null);
            return String.format(Locale.ROOT, "%s stages=%s%s guarantee=%s checkpoints=%d checkpoint_p50_ms=%s checkpoint_p99_ms=%s",
                    r.format("words_per_s"), peerStages ? "peers" : "wordcount",
                    peerStages ? (boxedCounter ? " counter=boxed" : " counter=long") : "",
                    guarantee, durations.size(), percentile(durations, 50), percentile(durations, 99));
        }
    }

    private static String percentile(List<Long> sorted, int p) {
        if (sorted.isEmpty()) {
            return "-";
        }
        return String.valueOf(sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1)));
    }
}
