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
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.SnapshotTasks;

import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint that takes longer than {@code gearpump.checkpoint.timeout.ms} (a task stuck in its
 * snapshot) is abandoned with the reason in the status, without a restart: the other tasks go on, and
 * once the stuck one is free the next checkpoints complete.
 */
@Timeout(60)
class CheckpointTimeoutTest {

    static final AtomicBoolean STICK_NEXT = new AtomicBoolean();
    static final CountDownLatch RELEASE = new CountDownLatch(1);

    @TempDir
    Path checkpoints;

    @Test
    void aCheckpointThatTakesTooLongIsAbandonedAndTheApplicationGoesOn() {
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString())
                .with("gearpump.checkpoint.timeout.ms", "300");
        Application app = Application.of("slow-snapshot", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "ticks", SnapshotTasks.TICKS)
                        .to(Partitioners.shuffle(), Processor.of(StuckOnce.class, 1, "stuck"))
                        .to(Partitioners.shuffle(), Processor.of(SnapshotTasks.Counting.class, 1, "sum"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(50));

        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(app);
            Poll.until("a first checkpoint", () -> cluster.status(appId), s -> s.lastCheckpoint().id() > 0);
            STICK_NEXT.set(true);
            AppStatus stuck = Poll.until("a checkpoint abandoned for its time", () -> cluster.status(appId),
                    s -> s.checkpointFailure() != null && s.checkpointFailure().contains("took longer than 300 ms"));
            long ticksBefore = stuck.processor("ticks").sent();
            Poll.until("the source to go on meanwhile", () -> cluster.status(appId), s -> s.processor("ticks").sent() > ticksBefore);

            RELEASE.countDown();
            long lastGood = stuck.lastCheckpoint().id();
            AppStatus after = Poll.until("a checkpoint after the abandoned one", () -> cluster.status(appId),
                    s -> s.lastCheckpoint().id() > lastGood);
            assertEquals(AppState.RUNNING, after.state());
            assertEquals(0, after.restarts(), "an abandoned checkpoint restarts nothing");
            assertTrue(after.processor("sum").received() > 0);
            cluster.kill(appId);
        } finally {
            RELEASE.countDown();
        }
    }

    /** Passes numbers on; its snapshot, once armed, waits until the test releases it. */
    public static final class StuckOnce extends Task implements Checkpointed<Long> {
        private long passed;

        public StuckOnce(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            passed++;
            output(message);
        }

        @Override
        public Long snapshotState() {
            if (STICK_NEXT.compareAndSet(true, false)) {
                try {
                    RELEASE.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return passed;
        }

        @Override
        public void restoreState(Long state) {
            passed = state;
        }
    }
}
