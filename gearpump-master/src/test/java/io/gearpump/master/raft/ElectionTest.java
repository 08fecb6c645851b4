package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.Set;

/** Regression cases: elections, pre-vote and check-quorum. */
class ElectionTest {

    /**
     * A node that hears nothing (an asymmetric cut: it can still send) times out again and again.
     * With pre-vote it never raises its term, so when the cut heals the leader stays in place.
     */
    @Test
    void preVoteKeepsANodeReturningFromAnAsymmetricPartitionFromDisruptingTheLeader() {
        Outcome o = cutOffAndReturn(true);
        assertEquals(o.leaderBefore(), o.leaderAfter(), "the leader kept its place");
        assertEquals(o.termBefore(), o.termAfter(), "no election happened");
        assertEquals(o.termBefore(), o.returnedTerm(), "the returning node never raised its term");
    }

    /** The same without pre-vote: the returning node's raised term forces an election (what pre-vote prevents). */
    @Test
    void withoutPreVoteTheReturningNodeDisruptsTheLeader() {
        Outcome o = cutOffAndReturn(false);
        assertTrue(o.termAfter() > o.termBefore(), "the group had to move to a higher term");
    }

    private record Outcome(String leaderBefore, long termBefore, String leaderAfter, long termAfter, long returnedTerm) {
    }

    private static Outcome cutOffAndReturn(boolean preVote) {
        SimCluster c = new SimCluster(41, 3, cfg -> cfg.withElectionSafeguards(preVote, true));
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        long term = c.server(leader).term();
        String victim = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        for (String id : c.ids) {
            if (!id.equals(victim)) {
                c.net.cut(id, victim); // the victim hears no one, everyone hears it
            }
        }
        c.run(3000); // many election timeouts
        long victimTerm = c.server(victim).term();
        assertNotEquals(Role.LEADER, c.server(victim).role());
        assertEquals(leader, c.leader(), "the cut-off node cannot take over while others follow the leader");
        c.net.heal();
        c.run(1000);
        assertNotNull(c.stableLeader(), c.toString());
        return new Outcome(leader, term, c.leader(), c.server(c.leader()).term(), victimTerm);
    }

    @Test
    void aLeaderCutOffFromAQuorumStepsDown() {
        SimCluster c = new SimCluster(42, 5, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        c.net.partition(c.ids, Set.of(leader));
        int electionUnits = c.config().electionTicks() * SimCluster.TICK;
        assertTrue(c.runUntil(() -> c.server(leader).role() != Role.LEADER, 2 * electionUnits + SimCluster.TICK),
                "check-quorum: a leader steps down within two election timeouts");
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000), "the majority elects another");
        assertNotEquals(leader, c.leader());
    }

    @Test
    void aCandidateWithAShorterLogCannotWin() {
        SimCluster c = new SimCluster(43, 3, cfg -> cfg);
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 3000));
        String leader = c.leader();
        String behind = c.ids.stream().filter(id -> !id.equals(leader)).findFirst().orElseThrow();
        c.net.partition(c.ids, Set.of(behind));
        for (int i = 1; i <= 5; i++) {
            assertNotNull(c.commit(1, i, KvMachine.put("k", "v" + i), 1000));
        }
        c.crash(leader);
        c.net.heal();
        assertTrue(c.runUntil(() -> c.stableLeader() != null, 5000), c.toString());
        assertNotEquals(behind, c.leader(), "only the node holding the committed entries can win");
        String winner = c.leader();
        assertTrue(c.runUntil(() -> "v5".equals(c.machine(winner).value("k")), 500), "it applies v5 once its term commits");
    }
}
