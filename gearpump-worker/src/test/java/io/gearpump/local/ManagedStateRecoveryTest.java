package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.MapState;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.config.GearConfig;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Managed state (value, map and keyed value state) through task failures, end to end on
 * {@link LocalCluster}: numbers 0..N-1 go by their residue mod 100 (a group-by edge) to two tasks that
 * sum them three ways: a keyed value per residue, a map from residue to sum, and one total. The tasks
 * throw three times, each after their attempt took a few checkpoints; every restart restores the
 * state the last completed checkpoint saw, so the sums come out exact and the three views agree.
 * And a state of a type that is not registered fails the application at start, naming the setting.
 */
@Timeout(120)
class ManagedStateRecoveryTest {

    private static final long N = 200_000;
    private static final int RESIDUES = 100;
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    static final Map<Long, Long> FINAL_BY_RESIDUE = new ConcurrentHashMap<>();
    static final Map<Integer, Long> FINAL_TOTALS = new ConcurrentHashMap<>();
    static final List<String> DISAGREEMENTS = new CopyOnWriteArrayList<>();

    @TempDir
    Path checkpoints;

    @Test
    void valueMapAndKeyedStateComeBackExactlyAfterFailures() {
        FAILURES_LEFT.set(3);
        Application app = Application.of("managed-state", Graph.of(Processor.of(ExactlyOnceRecoveryTest.Numbers.class, 1, "numbers",
                                UserConfig.empty().with("count", N))
                        .to(Partitioners.groupBy(m -> (Long) m.value() % RESIDUES), Processor.of(ResidueSums.class, 2, "sums"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(20));

        try (LocalCluster cluster = LocalCluster.start(config())) {
            int appId = cluster.submit(app);
            AppStatus end = cluster.await(appId, Duration.ofSeconds(100));
            assertEquals(AppState.SUCCEEDED, end.state(), String.valueOf(end));
        }

        assertEquals(0, FAILURES_LEFT.get(), "every planned failure happened");
        assertEquals(List.of(), DISAGREEMENTS, "the keyed value and the map entry of a residue always agree");
        assertEquals(N * (N - 1) / 2, FINAL_TOTALS.values().stream().mapToLong(Long::longValue).sum(), "the totals add up exactly");
        assertEquals(RESIDUES, FINAL_BY_RESIDUE.size());
        for (long r = 0; r < RESIDUES; r++) {
            long count = N / RESIDUES; // N is a multiple of RESIDUES: r, r + 100, ... r + 100 (count - 1)
            assertEquals(r * count + RESIDUES * count * (count - 1) / 2, FINAL_BY_RESIDUE.get(r), "residue " + r);
        }
    }

    @Test
    void aStateOfAnUnregisteredTypeFailsTheApplicationAtStartNamingTheSetting() {
        Application app = Application.of("unregistered", Graph.of(Processor.of(ExactlyOnceRecoveryTest.Numbers.class, 1, "numbers",
                        UserConfig.empty().with("count", 10L)).to(Processor.of(KeepsInstants.class, 1, "instants"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE);

        try (LocalCluster cluster = LocalCluster.start(config().with("gearpump.app.max.restarts", "1"))) {
            AppStatus end = cluster.await(cluster.submit(app), Duration.ofSeconds(60));

            assertEquals(AppState.FAILED, end.state(), String.valueOf(end));
            assertTrue(end.failure().contains("'gearpump.serializers.java.time.Instant ='"), end.failure());
        }
    }

    private GearConfig config() {
        return GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString());
    }

    /** Sums by residue in keyed and map state and in total; fails (while failures are left) after its attempt's third checkpoint. */
    public static final class ResidueSums extends Task implements Checkpointed<Integer> {
        private final ValueState<Long> residueSum;
        private final MapState<Long, Long> byResidue;
        private final ValueState<Long> total;
        private int checkpointsThisAttempt;

        public ResidueSums(TaskContext context, UserConfig config) {
            super(context, config);
            residueSum = context.keyedValueState("residue-sum", Long.class, Long.class);
            byResidue = context.mapState("by-residue", Long.class, Long.class);
            total = context.valueState("total", Long.class);
        }

        @Override
        public void onNext(Message message) {
            long v = (Long) message.value();
            long r = v % RESIDUES;
            Long keyed = residueSum.get();
            Long mapped = byResidue.get(r);
            if (!java.util.Objects.equals(keyed, mapped)) {
                DISAGREEMENTS.add("residue " + r + ": keyed " + keyed + ", map " + mapped);
            }
            residueSum.set((keyed == null ? 0 : keyed) + v);
            byResidue.put(r, (mapped == null ? 0 : mapped) + v);
            total.set((total.get() == null ? 0 : total.get()) + v);
            if (checkpointsThisAttempt >= 3 && v % 1_000 == 7 && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failing on purpose at " + v);
            }
        }

        @Override
        public void onStop() {
            FINAL_TOTALS.put(context.taskId().index(), total.get() == null ? 0 : total.get());
            byResidue.entries().forEach(e -> FINAL_BY_RESIDUE.put(e.getKey(), e.getValue()));
        }

        @Override
        public Integer snapshotState() {
            return ++checkpointsThisAttempt;
        }

        @Override
        public void restoreState(Integer taken) {
            // a new attempt counts its own checkpoints
        }
    }

    /** Declares a state of a type nobody registered. */
    public static final class KeepsInstants extends Task {
        public KeepsInstants(TaskContext context, UserConfig config) {
            super(context, config);
            context.valueState("last", Instant.class);
        }

        @Override
        public void onNext(Message message) {
        }
    }
}
