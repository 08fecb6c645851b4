package io.gearpump.master.raft;

import io.gearpump.master.raft.RaftMessage.RequestVoteReply;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Raft's safety properties, checked as a simulation runs (every failure is an AssertionError
 * naming what broke):
 * <ul>
 * <li>election safety: at most one leader per term, and at most one vote granted per node and term
 *     (across crashes: a vote lost before it reached the disk would show as a second vote);</li>
 * <li>durability order: a node sends nothing while it has writes that are not synced;</li>
 * <li>log matching: whenever a node writes an entry, any entry with the same index and term seen
 *     anywhere before has the same content and the same previous term (by induction, two logs that
 *     share an entry share everything before it);</li>
 * <li>leader completeness: a leader holds every entry committed in an earlier term;</li>
 * <li>commit safety: a node's commit index never passes its last entry, and no two different
 *     entries are ever committed at one index;</li>
 * <li>state machine safety: every node applies the same entry at each index, in index order
 *     (jumping only over a restored snapshot), and has the same state afterwards.</li>
 * </ul>
 * Confined to the simulation's thread.
 */
final class SafetyChecker {

    private record IndexTerm(long index, long term) {
    }

    private record Written(LogEntry entry, long previousTerm) {
    }

    private record VoteKey(String voter, long term) {
    }

    /** An entry known committed, and the lowest term of a node that saw it committed (an upper bound of its commit term). */
    private static final class Committed {
        final LogEntry entry;
        long term;

        Committed(LogEntry entry, long term) {
            this.entry = entry;
            this.term = term;
        }
    }

    private final Map<Long, String> leaderOfTerm = new HashMap<>();
    private final Map<VoteKey, String> votes = new HashMap<>();
    private final Map<IndexTerm, Written> written = new HashMap<>();
    /** committed.get(i - 1) is the entry committed at index i; dense from 1. */
    private final List<Committed> committed = new ArrayList<>();
    private final Map<Long, Integer> digestAfter = new HashMap<>();
    private final Map<String, Long> lastApplied = new HashMap<>();
    private final Map<String, Long> commitChecked = new HashMap<>();
    private final Map<String, Long> leaderVerified = new HashMap<>();
    long checks;

    void written(String node, LogEntry e, long previousTerm) {
        Written before = written.putIfAbsent(new IndexTerm(e.index(), e.term()), new Written(e, previousTerm));
        if (before != null && (!before.entry().equals(e) || before.previousTerm() != previousTerm)) {
            fail("log matching: " + node + " wrote " + e + " after term " + previousTerm + " but " + before.entry()
                    + " after term " + before.previousTerm() + " was written before");
        }
    }

    void sent(String node, RaftMessage m, int unsyncedWrites) {
        if (unsyncedWrites > 0) {
            fail("durability: " + node + " sent " + m + " with " + unsyncedWrites + " writes not yet synced");
        }
        if (m instanceof RequestVoteReply r && r.granted()) {
            String before = votes.putIfAbsent(new VoteKey(node, r.term()), r.to());
            if (before != null && !before.equals(r.to())) {
                fail("election safety: " + node + " voted for " + before + " and for " + r.to() + " in term " + r.term());
            }
        }
    }

    void applied(String node, LogEntry e, long nodeTerm, long snapshotIndex, int digest) {
        long last = lastApplied.getOrDefault(node, 0L);
        if (e.index() != last + 1 && !(e.index() == snapshotIndex + 1 && snapshotIndex > last)) {
            fail("state machine safety: " + node + " applied " + e + " after index " + last + " (snapshot at "
                    + snapshotIndex + ")");
        }
        lastApplied.put(node, e.index());
        recordCommitted(node, e, nodeTerm);
        Integer before = digestAfter.putIfAbsent(e.index(), digest);
        if (before != null && before != digest) {
            fail("state machine safety: " + node + " has another state after applying index " + e.index());
        }
    }

    void restarted(String node, long appliedIndex) {
        lastApplied.put(node, appliedIndex);
        commitChecked.put(node, 0L);
    }

    private void recordCommitted(String node, LogEntry e, long nodeTerm) {
        int i = (int) e.index() - 1;
        if (i < committed.size()) {
            Committed c = committed.get(i);
            if (!c.entry.equals(e)) {
                fail("commit safety: " + node + " has " + e + " committed where " + c.entry + " was committed");
            }
            c.term = Math.min(c.term, nodeTerm);
        } else if (i == committed.size()) {
            committed.add(new Committed(e, nodeTerm));
        }
        // i > size: known committed before the ones we saw; recorded once a node applies them
    }

    void afterStep(List<RaftServer> up) {
        checks++;
        for (RaftServer s : up) {
            RaftNode n = s.node();
            RaftLog log = n.log();
            if (n.role() == Role.LEADER) {
                String before = leaderOfTerm.putIfAbsent(n.term(), n.id());
                if (before != null && !before.equals(n.id())) {
                    fail("election safety: " + before + " and " + n.id() + " both led term " + n.term());
                }
            }
            if (log.commitIndex() > log.lastIndex()) {
                fail("commit safety: " + n.id() + " commit index " + log.commitIndex() + " beyond its last entry "
                        + log.lastIndex());
            }
            long from = Math.max(commitChecked.getOrDefault(n.id(), 0L), log.baseIndex());
            for (long i = from + 1; i <= log.commitIndex(); i++) {
                recordCommitted(n.id(), log.entry(i), n.term());
            }
            commitChecked.put(n.id(), log.commitIndex());
        }
        for (RaftServer s : up) {
            if (s.node().role() == Role.LEADER) {
                checkCompleteness(s.node());
            }
        }
    }

    private void checkCompleteness(RaftNode leader) {
        String key = leader.id() + "@" + leader.term();
        RaftLog log = leader.log();
        long verified = leaderVerified.getOrDefault(key, 0L);
        for (long i = verified + 1; i <= committed.size(); i++) {
            Committed c = committed.get((int) i - 1);
            if (c.term >= leader.term()) {
                break;
            }
            if (i > log.baseIndex()) {
                if (i > log.lastIndex() || !log.entry(i).equals(c.entry)) {
                    fail("leader completeness: " + leader.id() + " leads term " + leader.term() + " without " + c.entry
                            + " committed by term " + c.term + " (it has " + (i > log.lastIndex() ? "nothing"
                            : log.entry(i)) + ")");
                }
            }
            verified = i;
        }
        leaderVerified.put(key, verified);
    }

    long committedCount() {
        return committed.size();
    }

    private static void fail(String what) {
        throw new AssertionError(what);
    }
}
