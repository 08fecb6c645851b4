package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

class ReplicationTest {

    @Test
    void threeNodesElectALeaderAndReplicateCommands() {
        SimCluster c = new SimCluster(1, 3, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 2000), "no leader: " + c);
        String leader = c.leader();
        List<CompletableFuture<byte[]>> answers = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            answers.add(c.propose(leader, 7, i, KvMachine.incr("x")));
        }
        assertTrue(c.runUntil(() -> answers.stream().allMatch(CompletableFuture::isDone), 500), c.toString());
        for (int i = 0; i < 20; i++) {
            assertEquals(Integer.toString(i + 1), KvMachine.string(answers.get(i).join()));
        }
        c.run(200);
        for (String id : c.ids) {
            assertEquals("20", c.machine(id).value("x"), id + " " + c);
        }
    }

    @Test
    void aSingleNodeGroupCommitsAlone() {
        SimCluster c = new SimCluster(2, 1, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.leader() != null, 500), c.toString());
        byte[] answer = c.commit(1, 1, KvMachine.put("k", "v"), 100);
        assertNotNull(answer);
        assertEquals("v", c.machine("n1").value("k"));
        CompletableFuture<byte[]> read = c.read("n1", KvMachine.get("k"));
        assertTrue(c.runUntil(read::isDone, 100));
        assertEquals("v", KvMachine.string(read.join()));
    }

    @Test
    void fiveNodesReplicateAndReadLinearizably() {
        SimCluster c = new SimCluster(3, 5, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 2000), c.toString());
        assertNotNull(c.commit(1, 1, KvMachine.put("k", "v1"), 500));
        CompletableFuture<byte[]> read = c.read(c.leader(), KvMachine.get("k"));
        assertTrue(c.runUntil(read::isDone, 200), c.toString());
        assertEquals("v1", KvMachine.string(read.join()));
    }

    /**
     * Figure 8 of the Raft paper: a leader must not commit an entry of an earlier term by counting
     * replicas, or a node holding a later-term entry at that index can still win and overwrite it.
     * A writes X (term tA) to B only; E leads in a later term, writes its no-op at the same index
     * and is cut off; A or B (W) leads next and copies X to a third node. X is now on a majority,
     * but it must not count as committed: E, coming back while W and the other one are down, wins
     * with its later-term entry and replaces X.
     */
    @Test
    void anEntryOfAnEarlierTermIsNotCommittedByCountingReplicas() {
        SimCluster c = new SimCluster(61, 5, cfg -> cfg.withBatching(1, 4096, 1));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        assertNotNull(c.commit(1, 1, KvMachine.put("k", "1"), 1000));
        c.run(300);
        String a = c.leader();
        long k = c.server(a).node().lastIndex();
        List<String> others = c.ids.stream().filter(id -> !id.equals(a)).toList();
        String b = others.get(0);
        List<String> rest = others.subList(1, 4);

        c.net.partition(c.ids, Set.of(a, b));
        c.propose(a, 2, 1, KvMachine.put("k", "X"));
        assertTrue(c.runUntil(() -> c.server(b).node().lastIndex() == k + 1, 300), c.toString());
        long tA = c.server(a).term();
        c.crash(a);

        assertTrue(c.runUntil(() -> rest.stream().anyMatch(id -> c.server(id).role() == Role.LEADER), 5000));
        String e = rest.stream().filter(id -> c.server(id).role() == Role.LEADER).findFirst().orElseThrow();
        long tE = c.server(e).term();
        c.net.partition(c.ids, Set.of(e)); // its no-op at k + 1 never leaves: messages in flight are lost
        c.crash(e);
        c.run(100); // until its messages in flight are lost against the cut
        assertEquals(tE, c.disk(e).load().entries().get(c.disk(e).load().entries().size() - 1).term());

        c.net.heal();
        c.restart(a);
        List<String> cd = rest.stream().filter(id -> !id.equals(e)).toList();
        String[] w = new String[1];
        assertTrue(c.runUntil(() -> {
            for (String id : List.of(a, b)) {
                RaftServer s = c.server(id);
                if (s.role() == Role.LEADER && cd.stream().anyMatch(f -> s.node().progress(f).match >= k + 1)) {
                    w[0] = id;
                    return true;
                }
            }
            return false;
        }, 5000), c.toString());
        RaftServer winner = c.server(w[0]);
        assertEquals(tA, winner.node().termAt(k + 1), "X is on three of five nodes now");
        assertTrue(winner.commitIndex() < k + 1, "but it is of an earlier term: not committed by counting");

        String v = w[0].equals(a) ? b : a;
        c.net.partition(c.ids, Set.of(w[0], v)); // the next entry, which would commit X, never arrives
        c.crash(w[0]);
        c.crash(v);
        c.run(100);
        c.net.heal();
        c.restart(e);
        assertTrue(c.runUntil(() -> e.equals(c.stableLeader()), 5000), c.toString());
        assertEquals(tE, c.server(e).node().termAt(k + 1), "E's entry replaced X");
        c.restartAll();
        assertNotNull(c.commit(3, 1, KvMachine.put("other", "y"), 3000));
        c.run(500);
        for (String id : c.ids) {
            assertEquals("1", c.machine(id).value("k"), id + " never applies X");
        }
    }
}
