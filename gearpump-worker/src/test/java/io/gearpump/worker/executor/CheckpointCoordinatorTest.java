package io.gearpump.worker.executor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The AppMaster's checkpoint decisions, on a clock the test moves. */
class CheckpointCoordinatorTest {

    private static final CheckpointSettings EVERY_SECOND = new CheckpointSettings(Guarantee.EXACTLY_ONCE, 1_000, 5_000, 2,
            Path.of("unused"));

    private final List<String> told = new ArrayList<>();
    private final CheckpointCoordinator.Executors executors = new CheckpointCoordinator.Executors() {
        @Override
        public void trigger(long checkpointId) {
            told.add("trigger " + checkpointId);
        }

        @Override
        public void abandon(long checkpointId) {
            told.add("abandon " + checkpointId);
        }
    };

    private static CheckpointTaken taken(int executor, long id, int tasks) {
        return new CheckpointTaken(executor, 0, id, tasks, 100, null);
    }

    @Test
    void aCheckpointStartsAnIntervalAfterTheAttemptAndCompletesWhenEveryExecutorWroteItsTasksAndTheMastersRecordedIt() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 3, 2, 1), 10_000);

        c.tick(10_999, executors);
        c.tick(11_000, executors);
        assertNull(c.taken(taken(1, 1, 3), 11_050, executors));
        CheckpointCoordinator.Completed done = c.taken(taken(2, 1, 1), 11_080, executors);

        assertEquals(List.of("trigger 1"), told);
        assertEquals(new CheckpointCoordinator.Completed(1, 200, 80), done);
        assertEquals(0, c.restoreFrom(), "not complete until the masters recorded it");
        c.tick(12_500, executors);
        assertEquals(List.of("trigger 1"), told, "none starts while one is being recorded");

        c.recorded(1, 11_090);
        assertEquals(1, c.restoreFrom());
        c.tick(11_999, executors);
        c.tick(12_000, executors);
        assertEquals(List.of("trigger 1", "trigger 2"), told, "the next one, an interval after the last started");
    }

    @Test
    void onceTheTasksFinishedTheNextCheckpointStartsWithoutWaitingForTheInterval() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.tick(1_000, executors);

        long startedBefore = c.finalWanted(1_010); // checkpoint 1 is in flight: it may miss the tasks' final state
        assertEquals(1, startedBefore);
        c.tick(1_020, executors);
        assertEquals(List.of("trigger 1"), told, "one at a time");
        c.taken(taken(1, 1, 1), 1_030, executors);
        c.recorded(1, 1_040);
        c.tick(1_040, executors);

        assertEquals(List.of("trigger 1", "trigger 2"), told, "the final one starts as soon as the last is over, not at 2,000");
    }

    @Test
    void aFinalCheckpointThatFailsIsTriedAgainAnIntervalLaterNotAtOnce() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.finalWanted(10);
        c.tick(10, executors);
        c.taken(new CheckpointTaken(1, 0, 1, 0, 0, "disk full"), 20, executors);
        c.tick(30, executors);
        c.tick(1_019, executors);
        assertEquals(List.of("trigger 1", "abandon 1"), told, "no retry before the interval");

        c.tick(1_020, executors);
        assertEquals(List.of("trigger 1", "abandon 1", "trigger 2"), told);
        c.taken(taken(1, 2, 1), 1_030, executors);
        c.recorded(2, 1_040);
        c.tick(1_050, executors);
        assertEquals(3, told.size(), "after the final one, back to the interval");
    }

    @Test
    void aCheckpointThatTakesTooLongIsAbandonedAndItsLateNewsIgnored() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.tick(1_000, executors);

        c.tick(6_000, executors);
        assertNull(c.taken(taken(1, 1, 1), 6_001, executors));

        assertEquals(List.of("trigger 1", "abandon 1"), told);
        assertTrue(c.lastFailure().contains("checkpoint 1 was abandoned: it took longer than 5000 ms"), c.lastFailure());
        assertEquals(0, c.restoreFrom(), "nothing completed");
        c.tick(7_000, executors);
        assertEquals("trigger 2", told.get(2), "ids never repeat");
    }

    @Test
    void anExecutorThatCouldNotWriteAbandonsTheCheckpointNamingWhy() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1, 2, 1), 0);
        c.tick(1_000, executors);

        c.taken(new CheckpointTaken(2, 0, 1, 0, 0, "cannot write the snapshot of app 1 checkpoint 1 task 0.0 to /full/disk"), 1_010,
                executors);

        assertEquals(List.of("trigger 1", "abandon 1"), told);
        assertTrue(c.lastFailure().contains("executor 2: cannot write the snapshot"), c.lastFailure());
    }

    @Test
    void aNewAppMasterRestoresTheLastRecordedCheckpointAndNumbersItsOwnAfterItsEpoch() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 2, 1_000_000_041L);
        c.attemptStarted(Map.of(1, 1), 0);

        c.tick(1_000, executors);

        assertEquals(1_000_000_041L, c.restoreFrom());
        assertEquals(List.of("trigger 2000000001"), told, "never an id its replaced predecessor may still use");
    }

    @Test
    void aCheckpointTheMastersDidNotRecordDoesNotCount() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.tick(1_000, executors);
        c.taken(taken(1, 1, 1), 1_010, executors);

        c.notRecorded(1, "no leader within 30 s", 1_500);

        assertEquals(0, c.restoreFrom());
        assertTrue(c.lastFailure().contains("checkpoint 1 was not recorded: no leader"), c.lastFailure());
        c.tick(2_500, executors);
        assertEquals(List.of("trigger 1", "trigger 2"), told);
    }

    @Test
    void aStoppedAttemptsCheckpointDiesWithItAndNoneStartsUntilTheNextAttempt() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.tick(1_000, executors);

        c.attemptStopped();
        c.tick(60_000, executors);
        assertNull(c.taken(taken(1, 1, 1), 60_001, executors));

        assertEquals(List.of("trigger 1"), told);
    }

    @Test
    void aCheckpointBeingRecordedWhenTheAttemptFailsDecidesWhereTheNextOneStarts() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);
        c.attemptStarted(Map.of(1, 1), 0);
        c.tick(1_000, executors);
        c.taken(taken(1, 1, 1), 1_010, executors);

        c.attemptStopped(); // an executor was lost while the masters record checkpoint 1
        assertTrue(c.recordingInFlight(), "the next attempt must wait for the masters' answer");
        c.recorded(1, 1_500);

        assertFalse(c.recordingInFlight());
        assertEquals(1, c.restoreFrom());
        c.tick(9_000, executors);
        assertEquals(List.of("trigger 1"), told, "nothing starts while no attempt runs");
    }

    @Test
    void theMastersWordBeforeAnAttemptIsWhereItRestoresFrom() {
        CheckpointCoordinator c = new CheckpointCoordinator(EVERY_SECOND, 0, 0);

        c.masterRecorded(1_000_000_003L); // say a reply was lost but the masters did record it

        assertEquals(1_000_000_003L, c.restoreFrom());
    }
}
