package io.gearpump.master.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;

import java.nio.ByteBuffer;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The master's state as Raft will replicate it: commands and snapshots in bytes, the same everywhere. */
class MasterStateMachineTest {

    private static final byte[] JAR = {'P', 'K', 3, 4, 9, 9};

    @Test
    void twoReplicasApplyingTheSameCommandBytesHoldTheSameApplications() {
        MasterStateMachine a = new MasterStateMachine(new Mailbox<>());
        MasterStateMachine b = new MasterStateMachine(new Mailbox<>());
        byte[][] log = {
            MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)),
            MasterStateMachine.encode(new MasterCommand.AddApp("sol", "bob", "y.jar", JAR, new byte[] {2}, 1, 2000)),
            MasterStateMachine.encode(new MasterCommand.SetAppState(1, AppState.FAILED, "task 1.0 (sum) failed: boom\n\tat x"))};
        for (byte[] command : log) {
            assertArrayEquals(a.apply(command), b.apply(command));
        }

        assertEquals(3, ByteBuffer.wrap(a.apply(MasterStateMachine.encode(
                new MasterCommand.AddApp("third", "c", "z.jar", JAR, new byte[0], 1, 3000)))).getInt(), "ids go on");
        b.apply(MasterStateMachine.encode(new MasterCommand.AddApp("third", "c", "z.jar", JAR, new byte[0], 1, 3000)));
        assertArrayEquals(a.snapshot(), b.snapshot());
        assertEquals(AppState.FAILED, a.state().app(1).state());
        assertEquals("task 1.0 (sum) failed: boom\n\tat x", a.state().app(1).failure());
        assertArrayEquals(JAR, a.state().app(2).jar(), "the jar is part of the replicated state");
    }

    @Test
    void aSnapshotRestoresEverythingIncludingTheIdCounter() {
        MasterStateMachine a = new MasterStateMachine(new Mailbox<>());
        a.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());

        restored.restore(a.snapshot());

        assertArrayEquals(a.snapshot(), restored.snapshot());
        assertNull(restored.state().app(1).failure());
        assertEquals(2, ByteBuffer.wrap(restored.apply(MasterStateMachine.encode(
                new MasterCommand.AddApp("next", "d", "n.jar", JAR, new byte[0], 1, 5)))).getInt(), "the next id is 2, not 1");
    }

    @Test
    void bytesThatAreNotACommandAreRefusedWithTheReason() {
        MasterStateMachine a = new MasterStateMachine(new Mailbox<>());
        var e = assertThrows(IllegalArgumentException.class, () -> a.apply(new byte[] {2, 42}));
        assertEquals("unknown master command tag 42", e.getMessage());
        assertThrows(RuntimeException.class, () -> a.apply(new byte[] {2, 1, 0x7f, 0x7f, 0x7f, 0x7f}), "a length past the end");
        var old = assertThrows(IllegalArgumentException.class, () -> a.apply(new byte[] {1, 1}));
        assertEquals("master state version 1 is not one of 2 to 6", old.getMessage(), "another layout is named, not misread");
    }

    @Test
    void aNewAppMasterTakesTheNextEpochAndExecutorsForAReplacedOneAreRefused() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        assertEquals(1, m.state().app(1).appMasterEpoch(), "the first AppMaster's epoch comes with the submission");
        assertEquals(1, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 2, 1)))));

        assertEquals(2, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.ReplaceAppMaster(1)))));
        assertEquals(0, m.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 1, 1))).length,
                "no executors for the replaced AppMaster, even if its request was proposed before the replacement");
        assertEquals(3, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 1, 2)))));
        MasterState.App app = m.state().app(1);
        assertTrue(app.servesAReplacedAppMaster(1) && app.servesAReplacedAppMaster(2), "granted to epoch 1");
        assertFalse(app.servesAReplacedAppMaster(3) || app.servesAReplacedAppMaster(0), "epoch 2's, and the AppMaster");

        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(m.snapshot());
        assertEquals(2, restored.state().app(1).appMasterEpoch(), "through a snapshot");
        assertTrue(restored.state().app(1).servesAReplacedAppMaster(2));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppState(1, AppState.KILLED, "killed by request")));
        assertEquals(0, m.apply(MasterStateMachine.encode(new MasterCommand.ReplaceAppMaster(1))).length, "none for an ended one");
    }

    @Test
    void aLogAndSnapshotOfVersion2StillReadWithEveryAppMasterOfEpoch1() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        byte[] v2AddExecutors = {2, 5, 0, 0, 0, 1, 0, 0, 0, 2}; // tag 5: application 1, 2 executors, no epoch
        assertEquals(1, intOf(m.apply(v2AddExecutors)));

        byte[] v3 = m.snapshot();
        byte[] v2 = java.util.Arrays.copyOf(v3, v3.length - 8); // the application is the last thing; v2 ends before its epoch
        v2[0] = 2;
        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(v2);
        assertEquals(2, restored.state().app(1).lastExecutorId());
        assertEquals(1, restored.state().app(1).appMasterEpoch());
        assertFalse(restored.state().app(1).servesAReplacedAppMaster(2));
    }

    @Test
    void aCheckpointIsRecordedOnlyFromTheLatestAppMasterOnlyForwardAndSurvivesASnapshot() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));

        byte[] recorded = m.apply(MasterStateMachine.encode(new MasterCommand.CompleteCheckpoint(1, 1, 1_000_000_007L, "/chk/app-1/chk-7",
                50_000, 4096, 12)));
        m.apply(MasterStateMachine.encode(new MasterCommand.ReplaceAppMaster(1)));
        byte[] stale = m.apply(MasterStateMachine.encode(new MasterCommand.CompleteCheckpoint(1, 1, 1_000_000_008L, "/chk/app-1/chk-8",
                51_000, 4096, 12)));
        byte[] older = m.apply(MasterStateMachine.encode(new MasterCommand.CompleteCheckpoint(1, 2, 1_000_000_006L, "/chk/app-1/chk-6",
                52_000, 4096, 12)));

        assertEquals(1, ByteBuffer.wrap(recorded).getInt());
        assertEquals(0, stale.length, "a replaced AppMaster's checkpoint is not recorded");
        assertEquals(1, ByteBuffer.wrap(older).getInt(), "one older than the one recorded is taken, as a repeat, and changes nothing");
        CheckpointInfo expected = new CheckpointInfo(1_000_000_007L, "/chk/app-1/chk-7", 50_000, 4096, 12);
        assertEquals(expected, m.state().app(1).checkpoint());
        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(m.snapshot());
        assertEquals(expected, restored.state().app(1).checkpoint());
    }

    @Test
    void theStartClockOnlyMovesForwardAndStopsWhenTheApplicationEnds() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        assertEquals(AppClock.NONE, m.state().app(1).startClockMillis(), "no clock before the first report");

        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppClock(1, 5_000)));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppClock(1, 4_000)));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppClock(1, AppClock.END)));
        assertEquals(5_000, m.state().app(1).startClockMillis(), "a late, older report or the end mark does not move it");

        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppState(1, AppState.KILLED, "killed by request")));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppClock(1, 9_000)));
        assertEquals(5_000, m.state().app(1).startClockMillis(), "an ended application keeps its last clock");
        assertEquals(0, m.state().app(1).jar().length, "and drops its jar: nothing relaunches it");
    }

    @Test
    void executorAndWorkerIdsNeverRepeatAndARetiredWorkerIdStaysRetiredThroughASnapshot() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        assertEquals(1, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 2, 1)))), "executor 0 is the AppMaster");
        assertEquals(3, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 1, 1)))));
        int w1 = intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddWorker())));
        int w2 = intOf(m.apply(MasterStateMachine.encode(new MasterCommand.AddWorker())));
        m.apply(MasterStateMachine.encode(new MasterCommand.RetireWorker(w1)));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppClock(1, 7_000)));

        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(m.snapshot());

        assertArrayEquals(m.snapshot(), restored.snapshot());
        assertFalse(restored.state().isActiveWorkerId(w1), "retired");
        assertTrue(restored.state().isActiveWorkerId(w2));
        assertFalse(restored.state().isActiveWorkerId(w2 + 1), "never handed out");
        assertEquals(7_000, restored.state().app(1).startClockMillis());
        assertEquals(4, intOf(restored.apply(MasterStateMachine.encode(new MasterCommand.AddExecutors(1, 1, 1)))));
    }

    @Test
    void aLeadersRestAddressIsKeptPerMasterWithItsTermAndSurvivesASnapshot() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.SetRestAddress("127.0.0.1:3000", "http://127.0.0.1:8090", 2)));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetRestAddress("127.0.0.1:3001", "http://127.0.0.1:8091", 3)));
        m.apply(MasterStateMachine.encode(new MasterCommand.SetRestAddress("127.0.0.1:3000", "http://127.0.0.1:9000", 4)));

        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(m.snapshot());

        assertEquals(new MasterState.RestAddress("http://127.0.0.1:9000", 4), restored.state().restAddress("127.0.0.1:3000"),
                "the latest announcement of a master wins");
        assertEquals(new MasterState.RestAddress("http://127.0.0.1:8091", 3), restored.state().restAddress("127.0.0.1:3001"));
        assertNull(restored.state().restAddress("127.0.0.1:3002"));
        assertArrayEquals(m.snapshot(), restored.snapshot());
    }

    @Test
    void aSnapshotOfVersion4StillReadsWithNoRestAddressKnown() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        byte[] current = m.snapshot();
        byte[] v4 = java.util.Arrays.copyOf(current, current.length - 8); // versions 5 and 6 each add a count at the end
        v4[0] = 4;
        byte[] v5 = java.util.Arrays.copyOf(current, current.length - 4);
        v5[0] = 5;

        for (byte[] older : List.of(v4, v5)) {
            MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
            restored.restore(older);

            assertEquals("wordcount", restored.state().app(1).name());
            assertTrue(restored.state().restAddresses().isEmpty());
            assertEquals(MasterState.Attempts.NONE, restored.state().attemptsOf(1), "no attempt recorded");
            assertArrayEquals(current, restored.snapshot(), "written back in the current layout");
        }
    }

    @Test
    void attemptsAreCountedOncePerAppMasterAndAttemptWithWhatTheEarlierOnesProcessedAndSurviveASnapshot() {
        MasterStateMachine m = new MasterStateMachine(new Mailbox<>());
        m.apply(MasterStateMachine.encode(new MasterCommand.AddApp("wordcount", "ann", "x.jar", JAR, new byte[] {1}, 2, 1000)));
        List<ProcessedCounts> none = List.of();
        List<ProcessedCounts> later = List.of(new ProcessedCounts(0, 900, 800), new ProcessedCounts(1, 800, 0));

        assertEquals(1, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(1, 1, 0, none)))));
        assertEquals(1, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(1, 1, 0, later)))), "again: once");
        m.apply(MasterStateMachine.encode(new MasterCommand.ReplaceAppMaster(1)));
        assertEquals(2, intOf(m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(1, 2, 0, later)))),
                "a new AppMaster's first attempt is a restart");
        assertEquals(0, m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(9, 1, 0, none))).length, "unknown app");
        assertEquals(0, m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(1, 1, 1, none))).length,
                "an AppMaster replaced before its start was applied starts nothing");

        MasterStateMachine restored = new MasterStateMachine(new Mailbox<>());
        restored.restore(m.snapshot());
        assertEquals(new MasterState.Attempts(2, 2, 0, later), restored.state().attemptsOf(1));
        assertArrayEquals(m.snapshot(), restored.snapshot());
        m.apply(MasterStateMachine.encode(new MasterCommand.SetAppState(1, AppState.KILLED, null)));
        assertEquals(0, m.apply(MasterStateMachine.encode(new MasterCommand.StartAttempt(1, 2, 1, later))).length,
                "an ended application starts no attempt");
    }

    private static int intOf(byte[] result) {
        return ByteBuffer.wrap(result).getInt();
    }
}
