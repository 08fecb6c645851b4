package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
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
 * Exactly-once state through task failures, end to end on {@link LocalCluster} (the real master,
 * AppMaster and executors): a bounded source of the numbers 0..N-1 feeds two summing tasks over a
 * shuffle; the summing tasks throw three times, mid-stream, each time after the attempt took some
 * checkpoints. Every restart restores the last completed checkpoint (the sums, and the source's
 * position, which rewinds it), so the final sums add up to exactly N(N-1)/2, and the restarts did
 * start from checkpoints rather than from scratch.
 */
@Timeout(120)
class ExactlyOnceRecoveryTest {

    private static final long N = 300_000;
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();
    static final Map<Integer, Long> FINAL_SUMS = new ConcurrentHashMap<>();
    static final List<Long> RESTORED_POSITIONS = new CopyOnWriteArrayList<>();

    @TempDir
    Path checkpoints;

    @Test
    void failingTasksRestartFromTheLastCheckpointAndTheSumIsExact() {
        FAILURES_LEFT.set(3);
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString());
        Application app = Application.of("exactly-once", Graph.of(Processor.of(Numbers.class, 1, "numbers",
                        UserConfig.empty().with("count", N)).to(Partitioners.shuffle(), Processor.of(Summing.class, 2, "sum"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(20));

        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(app);
            AppStatus end = cluster.await(appId, Duration.ofSeconds(100));

            assertEquals(AppState.SUCCEEDED, end.state(), String.valueOf(end));
        }

        assertEquals(0, FAILURES_LEFT.get(), "every planned failure happened");
        assertEquals(N * (N - 1) / 2, FINAL_SUMS.values().stream().mapToLong(Long::longValue).sum());
        assertTrue(RESTORED_POSITIONS.stream().anyMatch(p -> p > 0), "a restart rewound the source to a checkpoint: "
                + RESTORED_POSITIONS);
    }

    /** Outputs 0..count-1, 100 a millisecond; its position is its state. */
    public static final class Numbers extends Task implements Checkpointed<Long> {
        private static final Message NEXT = new Message("next", 0);
        private final long count;
        private long next;

        public Numbers(TaskContext context, UserConfig config) {
            super(context, config);
            count = config.getLong("count", 0);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(NEXT);
        }

        @Override
        public void onNext(Message message) {
            for (int i = 0; i < 100 && next < count; i++, next++) {
                output(new Message(next, 0));
            }
            if (next < count) {
                context.scheduleOnce(Duration.ofMillis(1), () -> context.sendToSelf(NEXT)); // about 100,000 a second
            } else {
                context.complete();
            }
        }

        @Override
        public Long snapshotState() {
            return next;
        }

        @Override
        public void restoreState(Long position) {
            RESTORED_POSITIONS.add(position);
            next = position;
        }
    }

    /** Sums what it gets; fails (while failures are left) once this attempt has taken a few checkpoints. */
    public static final class Summing extends Task implements Checkpointed<Long> {
        private long sum;
        private int checkpointsThisAttempt;

        public Summing(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            sum += (Long) message.value();
            if (checkpointsThisAttempt >= 3 && (Long) message.value() % 1_000 == 7 && FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failing on purpose at " + message.value());
            }
        }

        @Override
        public void onStop() {
            FINAL_SUMS.put(context.taskId().index(), sum);
        }

        @Override
        public Long snapshotState() {
            checkpointsThisAttempt++;
            return sum;
        }

        @Override
        public void restoreState(Long state) {
            sum = state;
        }
    }
}
