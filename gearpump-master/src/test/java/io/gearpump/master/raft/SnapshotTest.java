package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/** Regression cases: snapshots, InstallSnapshot and compaction. */
class SnapshotTest {

    /**
     * A follower holds entries of an old leader that were never committed; the new leader has
     * compacted its log past them, so it sends a snapshot: the follower must drop the diverged
     * entries (they disagree with the snapshot) and never apply them.
     */
    @Test
    void installSnapshotOntoADivergedLog() {
        SimCluster c = new SimCluster(21, 5, cfg -> cfg.withSnapshots(5, 0, 16));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String old = c.leader();
        assertNotNull(c.commit(1, 1, KvMachine.put("k", "committed"), 1000));
        c.run(200);
        String follower = c.ids.stream().filter(id -> !id.equals(old)).findFirst().orElseThrow();
        c.net.partition(c.ids, Set.of(old, follower));

        for (int i = 1; i <= 40; i++) {
            c.propose(old, 2, i, KvMachine.put("lost" + i, "x"));
        }
        long committed = c.server(old).commitIndex();
        long oldLast = c.server(old).node().lastIndex();
        assertTrue(c.runUntil(() -> c.server(follower).node().lastIndex() == oldLast, 1000),
                "the follower takes the old leader's uncommitted entries: " + c);
        long oldTerm = c.server(old).term();

        String next = null;
        for (int i = 1; i <= 30; i++) {
            assertNotNull(c.commit(3, i, KvMachine.put("k", "new" + i), 3000), c.toString());
            next = c.leader();
        }
        assertNotEquals(old, next);
        RaftNode leaderNode = c.server(next).node();
        long base = leaderNode.log().baseIndex();
        assertTrue(base > committed + 1 && base < oldLast, "the new leader compacted into the diverged range: "
                + committed + " < " + base + " < " + oldLast);
        assertEquals(oldTerm, c.server(follower).node().log().termAt(oldLast), "still diverged before healing");

        c.net.heal();
        String leader = next;
        assertTrue(c.runUntil(() -> c.server(follower).node().log().baseIndex() > committed, 3000),
                "the follower installs a snapshot: " + c);
        RaftNode f = c.server(follower).node();
        for (long i = f.log().baseIndex() + 1; i <= f.lastIndex(); i++) {
            assertNotEquals(oldTerm, f.log().termAt(i), "right after the install, a diverged entry is left at " + i);
        }
        assertTrue(c.runUntil(() -> c.server(follower).appliedIndex() >= c.server(leader).appliedIndex()
                && c.server(old).appliedIndex() >= c.server(leader).appliedIndex(), 5000), c.toString());
        for (String id : List.of(follower, old)) {
            RaftNode n = c.server(id).node();
            assertTrue(n.latestSnapshot() != null && n.latestSnapshot().index() > committed, id + " got a snapshot");
            for (long i = n.log().baseIndex() + 1; i <= n.lastIndex(); i++) {
                assertNotEquals(oldTerm, n.log().termAt(i), id + " still holds a diverged entry at " + i);
            }
            assertEquals(c.machine(leader).contents(), c.machine(id).contents(), id);
            assertNull(c.machine(id).value("lost1"), id + " applied an uncommitted entry");
            assertEquals("new30", c.machine(id).value("k"));
        }
    }

    /**
     * While a follower is slow (every message to it delayed, many dropped) the leader keeps
     * snapshotting and compacting; disk and memory stay bounded and the follower catches up from a
     * snapshot sent in many chunks.
     */
    @Test
    void compactionWhileAFollowerIsSlow() {
        int every = 10;
        int kept = 3;
        SimCluster c = new SimCluster(22, 3, cfg -> cfg.withSnapshots(every, kept, 32).withBatching(4, 4096, 2));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        String slow = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        c.net.slowDown(slow, 400);

        List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        long maxBehindSnapshot = 0;
        int maxLeaderDisk = 0;
        for (int i = 1; i <= 200; i++) {
            answers.add(c.propose(leader, 1, i, KvMachine.put("k" + (i % 7), Integer.toString(i))));
            c.run(5);
            RaftLog log = c.server(leader).node().log();
            maxBehindSnapshot = Math.max(maxBehindSnapshot, log.appliedIndex() - log.baseIndex());
            maxLeaderDisk = Math.max(maxLeaderDisk, c.disk(leader).durableEntryCount());
        }
        assertEquals(leader, c.leader(), "the leader should keep its place in this run: " + c);
        assertTrue(c.runUntil(() -> answers.stream().allMatch(CompletableFuture::isDone), 3000));
        assertTrue(answers.stream().noneMatch(CompletableFuture::isCompletedExceptionally));
        // applied entries stay in the log only until the next snapshot (every 10, 3 kept, plus one batch)
        assertTrue(maxBehindSnapshot <= every + kept + 4, "applied entries kept in memory: " + maxBehindSnapshot);
        int bound = every + kept + 20; // the same plus entries not yet committed
        assertTrue(maxLeaderDisk <= bound, "leader log on disk grew to " + maxLeaderDisk);
        assertTrue(c.server(slow).node().lastIndex() < c.server(leader).node().log().baseIndex(),
                "the slow follower fell behind the compacted log: " + c);

        int snapshotChunks = c.net.sentOfType(RaftMessage.InstallSnapshot.class);
        c.net.slowDown(slow, 0);
        c.net.dropRate = 0.1;
        assertTrue(c.runUntil(() -> c.server(slow).appliedIndex() >= c.server(leader).appliedIndex(), 5000),
                c.toString());
        assertTrue(c.net.sentOfType(RaftMessage.InstallSnapshot.class) - snapshotChunks > 1,
                "the snapshot went in several chunks");
        assertEquals(c.machine(leader).contents(), c.machine(slow).contents());
        assertTrue(c.disk(slow).durableEntryCount() <= bound, "the follower's disk is bounded too");
    }

    @Test
    void aRestartedNodeResumesFromItsSnapshot() {
        SimCluster c = new SimCluster(23, 3, cfg -> cfg.withSnapshots(5, 1, 64));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        for (int i = 1; i <= 23; i++) {
            assertNotNull(c.commit(1, i, KvMachine.incr("n"), 1000));
        }
        c.run(300);
        String id = c.ids.get(0);
        long snapshotIndex = c.server(id).snapshotIndex();
        assertTrue(snapshotIndex >= 20, "snapshot at " + snapshotIndex);
        c.crash(id);
        c.restart(id);
        assertEquals(snapshotIndex, c.server(id).appliedIndex(), "restored from the snapshot, not replayed from 1");
        assertTrue(c.machine(id).applied < 23, "commands after the snapshot only are applied again");
        assertTrue(c.runUntil(() -> "23".equals(c.machine(id).value("n")), 1000));
    }

    /** Large commands (a master's jars) are snapshotted away by their bytes, long before the entry count would. */
    @Test
    void commandsOfManyBytesTriggerASnapshotThatTakesThemOffTheLog() {
        SimCluster c = new SimCluster(53, 3, cfg -> cfg.withSnapshotBytes(16 << 10)); // 10,000 entries apart otherwise
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String big = "x".repeat(2_000);
        for (int i = 1; i <= 20; i++) {
            assertNotNull(c.commit(9, i, KvMachine.put("k" + i, big), 2000));
        }
        c.run(300);

        for (String id : c.ids) {
            assertTrue(c.server(id).snapshotIndex() > 5, id + " snapshotted after about 16 KiB of commands: " + c);
            assertEquals(big, c.machine(id).value("k20"), id);
        }
    }
}
