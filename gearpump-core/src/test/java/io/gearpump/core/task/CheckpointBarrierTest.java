package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.SnapshotTasks;
import io.gearpump.core.testing.Snapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checkpoints across a whole DAG in one JVM ({@link SnapshotTasks#fastAndSlowSourcesThroughTwoShuffles}),
 * with small inboxes so the fast source is back-pressured while channels are held. Every task snapshots how many messages it emitted or counted. Chandy-Lamport's
 * promise, checked for every checkpoint: with aligned barriers the counters' snapshots add up to
 * exactly what the sources had emitted at theirs; without alignment, to at least that.
 */
@Timeout(60)
class CheckpointBarrierTest {

    private static final int CHECKPOINTS = 25;

    private final Snapshots snapshots = new Snapshots();
    private List<TaskRunner> tasks = List.of();

    @AfterEach
    void killTasks() throws InterruptedException {
        tasks.forEach(TaskRunner::kill);
        for (TaskRunner t : tasks) {
            assertTrue(t.awaitEnd(Duration.ofSeconds(10)), t + " did not end");
        }
    }

    @Test
    void alignedBarriersGiveSnapshotsThatAddUpExactly() {
        runCheckpoints(Guarantee.EXACTLY_ONCE);

        assertEveryCheckpointAddsUpExactly();
    }

    @Test
    void alignedBarriersAddUpExactlyThroughFanOuts() {
        // 100 counters: a relay has more channels than it sends watermarks alone on, so it reaches them
        // through one fan-out; 99 counters get no data, only the barriers from every relay
        runCheckpoints(Guarantee.EXACTLY_ONCE, SnapshotTasks.fastAndSlowSourcesIntoOneOfManyCounters(100));

        assertEveryCheckpointAddsUpExactly();
    }

    @Test
    void alignedBarriersAddUpExactlyThroughAWideShuffle() {
        // every relay reaches the 100 counters through one fan-out, round robin, small inboxes often full
        runCheckpoints(Guarantee.EXACTLY_ONCE, SnapshotTasks.fastAndSlowSourcesShuffledToManyCounters(100));

        assertEveryCheckpointAddsUpExactly();
    }

    @Test
    void unalignedBarriersNeverMissAMessage() {
        runCheckpoints(Guarantee.AT_LEAST_ONCE);

        for (long id = 1; id <= CHECKPOINTS; id++) {
            assertTrue(counted(id) >= emitted(id), "checkpoint " + id + ": " + snapshots.describe(id));
        }
    }

    @Test
    void aSourceThatFinishedTakesTheLaterCheckpointsWithItsFinalStateAndHoldsNoneUp() {
        runCheckpoints(Guarantee.EXACTLY_ONCE, SnapshotTasks.fastAndSlowSourcesThroughTwoShuffles(5_000));

        for (long id = 1; id <= CHECKPOINTS; id++) {
            assertEquals(emitted(id), counted(id), "checkpoint " + id + ": " + snapshots.describe(id));
        }
        assertEquals(5_000, snapshots.sum(CHECKPOINTS, "fast"), "the fast source ended, and said so in every later checkpoint");
    }

    private void runCheckpoints(Guarantee guarantee) {
        runCheckpoints(guarantee, SnapshotTasks.fastAndSlowSourcesThroughTwoShuffles());
    }

    private void runCheckpoints(Guarantee guarantee, Application app) {
        GearConfig config = GearConfig.defaults().with("gearpump.task.inbox.capacity", "64").with("gearpump.task.batch.size", "8");
        tasks = TaskNetwork.build(RunId.of(1), app, config, Instant.EPOCH, name -> delta -> { }, (task, outcome, cause) -> { },
                NanoClock.SYSTEM);
        tasks.forEach(t -> t.checkpointing(guarantee, snapshots, type -> true));
        tasks.forEach(TaskRunner::start);

        for (long id = 1; id <= CHECKPOINTS; id++) {
            long checkpoint = id;
            tasks.stream().filter(TaskRunner::isSource).forEach(t -> t.triggerCheckpoint(checkpoint));
            snapshots.await(checkpoint, tasks.size());
        }
    }

    private void assertEveryCheckpointAddsUpExactly() {
        for (long id = 1; id <= CHECKPOINTS; id++) {
            assertEquals(emitted(id), counted(id), "checkpoint " + id + ": " + snapshots.describe(id));
        }
        assertTrue(emitted(CHECKPOINTS) > 0, "the sources emitted before the last checkpoint");
    }

    private long emitted(long id) {
        return snapshots.sum(id, "fast") + snapshots.sum(id, "slow");
    }

    private long counted(long id) {
        return snapshots.sum(id, "counter");
    }
}
