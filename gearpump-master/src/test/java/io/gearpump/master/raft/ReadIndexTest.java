package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** Regression cases: linearizable reads go through a leader that a quorum still follows. */
class ReadIndexTest {

    /**
     * The leader is cut off; the others elect a new leader and overwrite the value. A read at the
     * old leader must never answer the old value: it waits for a quorum that never comes, and
     * fails once the old leader learns it was replaced (check-quorum, or the partition healing).
     */
    @ParameterizedTest(name = "checkQuorum={0}")
    @ValueSource(booleans = {true, false})
    void aStaleLeaderDoesNotServeReadsDuringAPartition(boolean checkQuorum) {
        SimCluster c = new SimCluster(31, 3, cfg -> cfg.withElectionSafeguards(true, checkQuorum));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String old = c.leader();
        assertNotNull(c.commit(1, 1, KvMachine.put("x", "1"), 1000));
        c.run(100);

        c.net.partition(c.ids, Set.of(old));
        CompletableFuture<byte[]> early = c.read(old, KvMachine.get("x"));
        assertTrue(c.runUntil(() -> c.leader() != null && !c.leader().equals(old), 3000), c.toString());
        assertNotNull(c.commit(2, 1, KvMachine.put("x", "2"), 2000), "the majority moves on");
        CompletableFuture<byte[]> late = c.server(old) != null && c.server(old).role() == Role.LEADER
                ? c.read(old, KvMachine.get("x")) : null;

        c.run(3000);
        assertFalse(early.isDone() && !early.isCompletedExceptionally(), "a stale read was served: " + early);
        if (late != null) {
            assertFalse(late.isDone() && !late.isCompletedExceptionally(), "a stale read was served");
        }
        if (checkQuorum) {
            assertNotEquals(Role.LEADER, c.server(old).role(), "check-quorum makes the cut-off leader step down");
            assertNotLeader(early);
        }

        c.net.heal();
        c.run(1000);
        assertNotLeader(early);
        if (late != null) {
            assertNotLeader(late);
        }
        CompletableFuture<byte[]> fresh = c.read(c.leader(), KvMachine.get("x"));
        assertTrue(c.runUntil(fresh::isDone, 500));
        assertEquals("2", KvMachine.string(fresh.join()));
    }

    @Test
    void aFollowerRedirectsReadsToTheLeader() {
        SimCluster c = new SimCluster(32, 3, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        String follower = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        CompletableFuture<byte[]> read = c.read(follower, KvMachine.get("x"));
        NotLeaderException e = assertInstanceOf(NotLeaderException.class,
                assertThrowsCompletion(read));
        assertEquals(leader, e.leaderHint().orElseThrow());
    }

    /** Reads that arrive together share one heartbeat round. */
    @Test
    void readsAreBatchedIntoOneHeartbeatRound() {
        SimCluster c = new SimCluster(33, 3, cfg -> cfg.withTimeouts(10, 5));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        assertNotNull(c.commit(1, 1, KvMachine.put("x", "1"), 1000));
        int heartbeats = c.net.sentOfType(RaftMessage.Heartbeat.class);
        CompletableFuture<?>[] reads = c.onNode(leader, s -> {
            CompletableFuture<?>[] out = new CompletableFuture<?>[10];
            for (int i = 0; i < 10; i++) {
                out[i] = s.read(KvMachine.get("x"));
            }
            return out;
        });
        assertEquals(2, c.net.sentOfType(RaftMessage.Heartbeat.class) - heartbeats, "one round, to two followers");
        assertTrue(c.runUntil(() -> CompletableFuture.allOf(reads).isDone(), 100));
        for (CompletableFuture<?> r : reads) {
            assertEquals("1", KvMachine.string((byte[]) r.join()));
        }
    }

    private static void assertNotLeader(CompletableFuture<byte[]> read) {
        assertTrue(read.isDone(), "the read should have failed by now");
        assertInstanceOf(NotLeaderException.class, assertThrowsCompletion(read));
    }

    private static Throwable assertThrowsCompletion(CompletableFuture<byte[]> f) {
        try {
            f.join();
        } catch (CompletionException e) {
            return e.getCause();
        }
        throw new AssertionError("completed normally with " + KvMachine.string(f.join()));
    }
}
