package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.master.raft.RaftMessage.RequestVote;
import io.gearpump.master.raft.RaftMessage.RequestVoteReply;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** Regression cases: what a node promised survives its crash. */
class DurabilityTest {

    private static final List<String> MEMBERS = List.of("n1", "n2", "n3");

    private record Sent(RaftMessage message, HardState onDisk) {
    }

    @Test
    void theVoteAndTermAreOnDiskBeforeTheVoteIsSent() {
        MemoryStorage disk = new MemoryStorage("n1");
        List<Sent> sent = new ArrayList<>();
        RaftServer n1 = RaftServer.start(RaftConfig.of("n1", MEMBERS), disk, new KvMachine(),
                m -> sent.add(new Sent(m, disk.durableHardState())), new Random(1));

        n1.receive(new RequestVote("n2", "n1", 5, 0, 0));
        assertTrue(sent.isEmpty(), "nothing goes out before flush");
        n1.flush();

        assertEquals(1, sent.size());
        assertEquals(new RequestVoteReply("n1", "n2", 5, true), sent.get(0).message());
        assertEquals(new HardState(5, "n2"), sent.get(0).onDisk(), "the vote was durable when the reply left");

        disk.crash(new Random(2)); // nothing unsynced is left to lose
        sent.clear();
        RaftServer restarted = RaftServer.start(RaftConfig.of("n1", MEMBERS), disk, new KvMachine(),
                m -> sent.add(new Sent(m, disk.durableHardState())), new Random(3));
        restarted.receive(new RequestVote("n3", "n1", 5, 0, 0));
        restarted.flush();
        assertEquals(new RequestVoteReply("n1", "n3", 5, false), sent.get(0).message(),
                "after a restart the node still knows it voted for n2 in term 5");
    }

    @Test
    void aCrashBetweenWritingAndSyncingTheVoteSendsNothing() {
        MemoryStorage disk = new MemoryStorage("n1");
        List<RaftMessage> sent = new ArrayList<>();
        disk.beforeSync(() -> {
            throw new SimCluster.SimulatedCrash();
        });
        RaftServer n1 = RaftServer.start(RaftConfig.of("n1", MEMBERS), disk, new KvMachine(), sent::add, new Random(1));
        n1.receive(new RequestVote("n2", "n1", 5, 0, 0));

        assertThrows(SimCluster.SimulatedCrash.class, n1::flush);
        assertTrue(sent.isEmpty(), "no vote was promised");
        assertEquals(1, disk.unsyncedWrites());
    }

    @Test
    void aPreVoteChangesNothingOnDisk() {
        MemoryStorage disk = new MemoryStorage("n1");
        List<RaftMessage> sent = new ArrayList<>();
        RaftServer n1 = RaftServer.start(RaftConfig.of("n1", MEMBERS), disk, new KvMachine(), sent::add, new Random(1));
        n1.receive(new RaftMessage.PreVote("n2", "n1", 5, 0, 0));
        n1.flush();
        assertEquals(new RaftMessage.PreVoteReply("n1", "n2", 5, true), sent.get(0));
        assertEquals(0, disk.syncCount());
        assertEquals(0, n1.term());
    }

    /** Acknowledged commands survive every node crashing at once, including halfway through syncs. */
    @Test
    void noAcknowledgedWriteIsLostWhenEveryNodeCrashes() {
        for (long seed = 0; seed < 40; seed++) {
            SimCluster c = new SimCluster(seed, 3, cfg -> cfg.withSnapshots(7, 2, 64));
            Random random = new Random(seed);
            Map<String, String> acknowledged = new LinkedHashMap<>();
            List<CompletableFuture<byte[]>> inFlight = new ArrayList<>();
            List<String> inFlightKeys = new ArrayList<>();
            long sequence = 0;
            for (int round = 0; round < 6; round++) {
                c.runUntil(() -> c.stableLeader() != null, 3000);
                c.syncCrashRate = 0.05;
                for (int i = 0; i < 30; i++) {
                    String leader = c.leader();
                    if (leader != null && random.nextInt(3) == 0) {
                        sequence++;
                        String key = "k" + sequence;
                        inFlight.add(c.propose(leader, 5, sequence, KvMachine.put(key, "v")));
                        inFlightKeys.add(key);
                    }
                    c.run(1 + random.nextInt(20));
                }
                for (int i = 0; i < inFlight.size(); i++) {
                    CompletableFuture<byte[]> f = inFlight.get(i);
                    if (f.isDone() && !f.isCompletedExceptionally()) {
                        acknowledged.put(inFlightKeys.get(i), "v");
                    }
                }
                inFlight.clear();
                inFlightKeys.clear();
                c.ids.forEach(c::crash); // everyone at once: unsynced writes are lost, a random prefix kept
                c.syncCrashRate = 0;
                c.restartAll();
            }
            assertFalse(acknowledged.isEmpty(), "seed " + seed + " acknowledged nothing");
            assertNotNull(c.commit(6, 1, KvMachine.put("final", "v"), 5000), "seed " + seed + ": " + c);
            c.run(300);
            for (String id : c.ids) {
                Map<String, String> contents = c.machine(id).contents();
                for (String key : acknowledged.keySet()) {
                    assertEquals("v", contents.get(key), "seed " + seed + ": " + id + " lost acknowledged " + key);
                }
            }
        }
    }

    /**
     * A follower crashes after writing entries but before syncing them, so it comes back with a
     * shorter log than the leader believes it has: the leader finds where they match again, and
     * the follower's commit index never passes what it holds (checked after every step).
     */
    @Test
    void aRestartedFollowerWithATruncatedLogCatchesUp() {
        SimCluster c = new SimCluster(11, 3, cfg -> cfg.withBatching(4, 4096, 8).withSnapshots(1000, 10, 64));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        String follower = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        assertNotNull(c.commit(1, 1, KvMachine.put("a", "1"), 500));
        c.run(100);
        long before = c.server(follower).node().lastIndex();

        boolean[] armed = {true};
        c.disk(follower).beforeSync(() -> {
            if (armed[0] && c.disk(follower).unsyncedWrites() > 0) {
                armed[0] = false;
                throw new SimCluster.SimulatedCrash();
            }
        });
        List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        for (int i = 2; i <= 21; i++) {
            answers.add(c.propose(leader, 1, i, KvMachine.put("a", Integer.toString(i))));
        }
        assertTrue(c.runUntil(() -> !c.isUp(follower), 200), "the follower should crash on its next sync");
        assertEquals(before, c.disk(follower).load().entries().size()
                + c.disk(follower).load().baseIndex(), "the unsynced entries are gone");
        assertTrue(c.runUntil(() -> answers.stream().allMatch(CompletableFuture::isDone), 2000),
                "the leader and the other follower commit without it: " + c);
        long leaderLast = c.server(leader).node().lastIndex();

        c.restart(follower);
        assertTrue(c.runUntil(() -> c.server(follower).node().lastIndex() == leaderLast
                && c.server(follower).commitIndex() == c.server(leader).commitIndex(), 3000), c.toString());
        c.run(100);
        assertEquals("21", c.machine(follower).value("a"));
        assertEquals(c.machine(leader).contents(), c.machine(follower).contents());
    }
}
