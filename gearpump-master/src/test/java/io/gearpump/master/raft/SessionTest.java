package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Regression cases: client commands apply exactly once however often they are retried. */
class SessionTest {

    /**
     * A client's increment is applied but its answer is lost; the leader fails, the client retries
     * at the next leader, and later again after every node restarted from snapshots: each retry is
     * answered with the first result and the counter moves once.
     */
    @Test
    void aRetriedCommandIsAppliedOnceAcrossALeaderChangeAndASnapshotRestore() {
        SimCluster c = new SimCluster(51, 3, cfg -> cfg.withSnapshots(5, 0, 64));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String first = c.leader();
        CompletableFuture<byte[]> lost = c.propose(first, 42, 1, KvMachine.incr("counter"));
        assertTrue(c.runUntil(lost::isDone, 500));
        assertEquals("1", KvMachine.string(lost.join())); // ... but say the client never got this

        c.crash(first);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String second = c.leader();
        assertNotEquals(first, second);
        assertEquals("1", KvMachine.string(c.commit(42, 1, KvMachine.incr("counter"), 2000)),
                "the retry is answered with the first result");
        assertEquals("1", c.machine(second).value("counter"));

        for (int i = 1; i <= 12; i++) { // enough commands for snapshots past the client's entry
            assertNotNull(c.commit(7, i, KvMachine.incr("other"), 2000));
        }
        c.restart(first);
        c.run(500);
        for (String id : c.ids) {
            assertTrue(c.server(id).snapshotIndex() > 2, id + " snapshotted past the command: " + c);
        }
        c.ids.forEach(c::crash);
        c.restartAll();
        for (String id : c.ids) {
            assertEquals(2, c.server(id).clientSessions(), id + " restored the sessions from its snapshot");
        }
        assertEquals("1", KvMachine.string(c.commit(42, 1, KvMachine.incr("counter"), 3000)),
                "still answered from the session after restoring snapshots");
        c.run(300);
        for (String id : c.ids) {
            assertEquals("1", c.machine(id).value("counter"), id);
        }

        assertEquals("2", KvMachine.string(c.commit(42, 2, KvMachine.incr("counter"), 2000)), "a new sequence applies");
        CompletableFuture<byte[]> old = c.propose(c.leader(), 42, 1, KvMachine.incr("counter"));
        CompletionException e = org.junit.jupiter.api.Assertions.assertThrows(CompletionException.class, old::join);
        assertInstanceOf(ExpiredSequenceException.class, e.getCause());
    }

    @Test
    void aRetryWhileTheFirstAttemptIsInTheLogSharesItsAnswer() {
        SimCluster c = new SimCluster(52, 3, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        CompletableFuture<byte[]> a = c.propose(leader, 9, 1, KvMachine.incr("n"));
        CompletableFuture<byte[]> b = c.propose(leader, 9, 1, KvMachine.incr("n"));
        long last = c.server(leader).node().lastIndex();
        assertTrue(c.runUntil(() -> a.isDone() && b.isDone(), 500));
        assertEquals("1", KvMachine.string(a.join()));
        assertEquals("1", KvMachine.string(b.join()));
        assertEquals(last, c.server(leader).node().lastIndex(), "the retry added no entry");
    }

    @Test
    void theOldestSessionIsForgottenFirstOnEveryNode() {
        SimCluster c = new SimCluster(53, 3, cfg -> cfg.withMaxClientSessions(2));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        for (long client = 1; client <= 3; client++) {
            assertNotNull(c.commit(client, 1, KvMachine.incr("n"), 1000));
        }
        c.run(300);
        for (String id : c.ids) {
            assertEquals(2, c.server(id).clientSessions(), id);
        }
        // client 1 was forgotten: its retry applies again (documented: keep maxClientSessions above the client count)
        assertEquals("4", KvMachine.string(c.commit(1, 1, KvMachine.incr("n"), 1000)));
        assertEquals("3", KvMachine.string(c.commit(3, 1, KvMachine.incr("n"), 1000)), "client 3 is remembered");
    }
}
