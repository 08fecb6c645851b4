package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.state.RestoredSnapshot;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.RunId;
import io.gearpump.core.testing.SnapshotTasks;
import io.gearpump.core.testing.Snapshots;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Tasks start from the snapshots of a completed checkpoint, and go on from there. */
@Timeout(30)
class CheckpointRestoreTest {

    private final Snapshots snapshots = new Snapshots();

    @Test
    void restoredTasksGoOnFromTheirSnapshots() throws InterruptedException {
        Application app = Application.of("restore", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "source")
                .to(Processor.of(SnapshotTasks.Counting.class, 1, "counter"))));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            engine.submitPart(RunId.of(1), app, RemoteLinks.ALL_LOCAL, Instant.EPOCH, new PartCheckpoints(Guarantee.EXACTLY_ONCE,
                    snapshots, 3, Map.of(new TaskId(0, 0), RestoredSnapshot.of(5_000L), new TaskId(1, 0), RestoredSnapshot.of(5_000L)), type -> true));

            engine.triggerCheckpoint(1, 4);
            snapshots.await(4, 2);
            engine.kill(1);
        }

        long emitted = snapshots.sum(4, "source");
        assertTrue(emitted >= 5_000, "the source went on from 5,000, not from 0: " + emitted);
        assertEquals(emitted, snapshots.sum(4, "counter"), "the counter too: it counted from 5,000");
    }

    @Test
    void aSnapshotForATaskThatKeepsNoStateFailsTheApplicationSayingSo() throws InterruptedException {
        Application app = Application.of("changed", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "source")
                .to(Processor.of(SnapshotTasks.Relay.class, 1, "relay"))));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            engine.submitPart(RunId.of(1), app, RemoteLinks.ALL_LOCAL, Instant.EPOCH, new PartCheckpoints(Guarantee.EXACTLY_ONCE,
                    snapshots, 3, Map.of(new TaskId(1, 0), RestoredSnapshot.of(7L)), type -> true));

            AppStatus status = Termination.await(engine, 1);

            assertEquals(AppState.FAILED, status.state());
            assertTrue(status.failure().contains("the checkpoint holds a snapshot of the task's own, but " + SnapshotTasks.Relay.class.getName()
                    + " does not implement Checkpointed"), status.failure());
        }
    }
}
