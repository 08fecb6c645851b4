package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.master.raft.RaftMessage.AppendEntries;
import io.gearpump.master.raft.RaftMessage.AppendEntriesReply;
import io.gearpump.master.raft.RaftMessage.PreVote;
import io.gearpump.master.raft.RaftMessage.PreVoteReply;
import io.gearpump.master.raft.RaftMessage.RequestVote;
import io.gearpump.master.raft.RaftMessage.RequestVoteReply;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;
import java.util.Random;

/** The node as a state machine, stepped by hand: messages in, {@link Ready} out. */
class RaftNodeTest {

    private static final List<String> MEMBERS = List.of("n1", "n2", "n3");

    private static LogEntry e(long index, long term) {
        return LogEntry.command(index, term, 0, 0, new byte[] {(byte) index, (byte) term});
    }

    private static RaftNode node(String id, long term, LogEntry... log) {
        return node(RaftConfig.of(id, MEMBERS), term, log);
    }

    private static RaftNode node(RaftConfig config, long term, LogEntry... log) {
        return new RaftNode(config, new PersistentState(new HardState(term, null), Optional.empty(), List.of(log)),
                new Random(1));
    }

    private static Ready cycle(RaftNode n) {
        Ready r = n.ready();
        n.advance(r);
        return r;
    }

    @Test
    void aFollowerNeverCommitsBeyondWhatItKnowsMatchesTheLeader() {
        RaftNode f = node("n2", 1, e(1, 1), e(2, 1), e(3, 1)); // 2 and 3 are from a leader that lost
        f.step(new AppendEntries("n1", "n2", 2, 1, 1, List.of(), 3)); // the new leader commits 3 (its own 3)
        Ready r = cycle(f);
        assertEquals(1, f.commitIndex(), "only index 1 is known to match the leader");
        assertEquals(List.of(e(1, 1)), r.committed());
        assertEquals(new AppendEntriesReply("n2", "n1", 2, true, 1, 1), r.messages().get(0));
    }

    @Test
    void anOldOrRepeatedAppendNeverShortensTheLog() {
        RaftNode f = node("n2", 1);
        f.step(new AppendEntries("n1", "n2", 1, 0, 0, List.of(e(1, 1), e(2, 1), e(3, 1), e(4, 1)), 0));
        cycle(f);
        f.step(new AppendEntries("n1", "n2", 1, 0, 0, List.of(e(1, 1), e(2, 1)), 0)); // arrives late
        Ready r = cycle(f);
        assertEquals(4, f.lastIndex());
        assertTrue(r.entries().isEmpty(), "nothing to write again");
        assertEquals(new AppendEntriesReply("n2", "n1", 1, true, 2, 2), r.messages().get(0));
    }

    @Test
    void aConflictingSuffixIsReplaced() {
        RaftNode f = node("n2", 1, e(1, 1), e(2, 1), e(3, 1));
        f.step(new AppendEntries("n1", "n2", 2, 1, 1, List.of(e(2, 2)), 0));
        Ready r = cycle(f);
        assertEquals(2, f.lastIndex());
        assertEquals(2, f.termAt(2));
        assertEquals(List.of(e(2, 2)), r.entries(), "the storage overwrites from index 2");
        assertEquals(new HardState(2, null), r.hardState(), "the new term is written in the same batch");
    }

    @Test
    void aRefusalHintsPastTheConflictingTerm() {
        RaftNode f = node("n2", 2, e(1, 1), e(2, 2), e(3, 2), e(4, 2));
        f.step(new AppendEntries("n1", "n2", 3, 4, 3, List.of(), 0));
        Ready r = cycle(f);
        assertEquals(new AppendEntriesReply("n2", "n1", 3, false, 4, 1), r.messages().get(0));
        assertEquals(4, f.lastIndex(), "a refusal changes nothing");
    }

    @Test
    void aMessageFromAnOlderTermIsAnsweredWithTheCurrentTerm() {
        RaftNode f = node("n2", 5);
        f.step(new AppendEntries("n1", "n2", 3, 0, 0, List.of(e(1, 3)), 0));
        Ready r = cycle(f);
        assertEquals(new AppendEntriesReply("n2", "n1", 5, false, 0, 0), r.messages().get(0));
        assertEquals(0, f.lastIndex());
    }

    /** Elects n1 by hand; returns it as leader with its no-op sent to n2 and n3. */
    private static RaftNode electN1(RaftConfig config) {
        RaftNode n1 = node(config, 1);
        while (n1.role() == Role.FOLLOWER) {
            n1.tick();
        }
        assertEquals(Role.PRE_CANDIDATE, n1.role());
        Ready preVotes = cycle(n1);
        assertNull(preVotes.hardState(), "pre-vote does not touch the term");
        assertEquals(new PreVote("n1", "n2", 2, 0, 0), preVotes.messages().get(0));
        n1.step(new PreVoteReply("n2", "n1", 2, true));
        assertEquals(Role.CANDIDATE, n1.role());
        Ready votes = cycle(n1);
        assertEquals(new HardState(2, "n1"), votes.hardState(), "its own vote is written before asking");
        assertEquals(new RequestVote("n1", "n2", 2, 0, 0), votes.messages().get(0));
        n1.step(new RequestVoteReply("n2", "n1", 2, true));
        assertEquals(Role.LEADER, n1.role());
        Ready first = cycle(n1);
        assertEquals(List.of(LogEntry.noOp(1, 2)), first.entries());
        assertEquals(2, first.messages().size(), "a probe with the no-op to each follower");
        return n1;
    }

    @Test
    void aLeaderBatchesAndPipelinesToAFollowerItKnows() {
        RaftNode n1 = electN1(RaftConfig.of("n1", MEMBERS).withBatching(5, 1 << 20, 2));
        n1.step(new AppendEntriesReply("n2", "n1", 2, true, 1, 1)); // n2 matches: replicate; n3 still probing
        cycle(n1);
        for (int i = 0; i < 20; i++) {
            n1.propose(7, i + 1, new byte[] {1});
        }
        Ready r = cycle(n1);
        List<AppendEntries> toN2 = r.messages().stream().filter(m -> m.to().equals("n2"))
                .map(AppendEntries.class::cast).toList();
        assertEquals(2, toN2.size(), "two batches in flight (the window), not one message per command");
        assertEquals(List.of(5, 5), toN2.stream().map(a -> a.entries().size()).toList());
        assertEquals(6, toN2.get(1).prevIndex(), "the second batch follows the first (entries 2..6, then 7..11)");
        assertTrue(r.messages().stream().noneMatch(m -> m.to().equals("n3")), "n3 has an unanswered probe");

        n1.step(new AppendEntriesReply("n2", "n1", 2, true, 6, 6));
        Ready more = cycle(n1);
        assertEquals(6, n1.commitIndex(), "n1 and n2 hold 1..6");
        assertEquals(1, more.messages().size(), "one more batch as the window opens");
    }

    @Test
    void aLeaderThatHearsFromNoQuorumStepsDown() {
        RaftNode n1 = electN1(RaftConfig.of("n1", MEMBERS));
        for (int i = 0; i < RaftConfig.of("n1", MEMBERS).electionTicks(); i++) {
            n1.tick();
        }
        assertEquals(Role.FOLLOWER, n1.role());
        assertEquals(2, n1.term(), "stepping down keeps the term");
    }

    @Test
    void inputsWaitForAdvance() {
        RaftNode f = node("n2", 1);
        f.step(new RequestVote("n1", "n2", 2, 0, 0));
        Ready r = f.ready();
        assertThrows(IllegalStateException.class, f::tick);
        assertThrows(IllegalStateException.class, () -> f.advance(cycle(node("n3", 1))));
        f.advance(r);
        f.tick();
        assertFalse(f.hasReady());
    }

    @Test
    void aSingleNodeElectsItselfAndCommitsOnceItsOwnDiskHasTheEntry() {
        RaftNode n = node(RaftConfig.of("solo", List.of("solo")), 0);
        while (n.role() != Role.LEADER) {
            n.tick();
        }
        n.propose(1, 1, new byte[] {42});
        Ready r = n.ready();
        assertEquals(2, r.entries().size());
        assertTrue(r.committed().isEmpty(), "nothing is committed before it is on disk");
        n.advance(r);
        assertEquals(2, n.commitIndex());
        assertEquals(2, cycle(n).committed().size());
    }
}
