package io.gearpump.master.raft;

import io.gearpump.master.raft.RaftMessage.AppendEntries;
import io.gearpump.master.raft.RaftMessage.AppendEntriesReply;
import io.gearpump.master.raft.RaftMessage.Heartbeat;
import io.gearpump.master.raft.RaftMessage.HeartbeatReply;
import io.gearpump.master.raft.RaftMessage.InstallSnapshot;
import io.gearpump.master.raft.RaftMessage.InstallSnapshotReply;
import io.gearpump.master.raft.RaftMessage.PreVote;
import io.gearpump.master.raft.RaftMessage.PreVoteReply;
import io.gearpump.master.raft.RaftMessage.RequestVote;
import io.gearpump.master.raft.RaftMessage.RequestVoteReply;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Random;

/**
 * One Raft node as a deterministic state machine: election (randomized timeouts, pre-vote,
 * check-quorum), log replication (batched, pipelined), snapshots and ReadIndex. It does no I/O and
 * reads no clock: it is driven by {@link #tick()}, {@link #step(RaftMessage)}, {@link #propose} and
 * {@link #readIndex}, and says what to do through {@link #ready()} (see {@link Ready} for the order),
 * after which the caller reports back with {@link #advance(Ready)} before feeding it anything else.
 * The same inputs and the same {@link Random} seed give the same outputs.
 *
 * <p>Not thread-safe: confined to one thread ({@link RaftServer} owns it).
 */
public final class RaftNode {

    private static final Logger LOG = LoggerFactory.getLogger(RaftNode.class);

    private final RaftConfig config;
    private final String id;
    private final Random random;
    private final RaftLog log;
    private final List<RaftMessage> outbox = new ArrayList<>();
    private final List<ReadState> readStates = new ArrayList<>();
    private final Follower follower;

    private Role role = Role.FOLLOWER;
    private long term;
    private String votedFor;
    private String leaderId;
    private HardState persisted;
    private int electionElapsed;
    private int heartbeatElapsed;
    private int randomizedElectionTimeout;
    private VoteTally votes;
    private LeaderState leader;
    private Snapshot latestSnapshot;
    private Snapshot receivedSnapshot;
    private boolean receivedSnapshotDiscardsLog;
    private boolean newEntries;
    private Ready handedOut;

    /** A node starting from what its storage holds ({@link PersistentState#EMPTY} the first time). */
    public RaftNode(RaftConfig config, PersistentState state, Random random) {
        this.config = config;
        this.id = config.self();
        this.random = random;
        this.term = state.hardState().term();
        this.votedFor = state.hardState().votedFor();
        this.persisted = state.hardState();
        this.latestSnapshot = state.snapshot().orElse(null);
        this.log = new RaftLog(state.baseIndex(), state.baseTerm(), state.entries());
        this.follower = new Follower(id, log, outbox::add);
        resetElectionTimer();
        LOG.info("{}: starting as follower in term {} (voted for {}), log ({}, {}] after snapshot {}", id, term,
                votedFor, log.baseIndex(), log.lastIndex(), latestSnapshot);
    }

    // ---- inputs ----

    /** One unit of time. Followers campaign after their election timeout; leaders send heartbeats. */
    public void tick() {
        checkNotHandedOut();
        electionElapsed++;
        switch (role) {
            case LEADER -> tickLeader();
            case FOLLOWER, PRE_CANDIDATE, CANDIDATE -> {
                if (electionElapsed >= randomizedElectionTimeout) {
                    campaign("election timeout after " + electionElapsed + " ticks");
                }
            }
        }
    }

    private void tickLeader() {
        heartbeatElapsed++;
        if (electionElapsed >= config.electionTicks()) {
            electionElapsed = 0;
            if (config.checkQuorum() && !leader.quorumActive()) {
                becomeFollower(term, null, "lost contact with a quorum (check-quorum)");
                return;
            }
        }
        if (heartbeatElapsed >= config.heartbeatTicks()) {
            heartbeatElapsed = 0;
            leader.broadcastHeartbeat();
        }
    }

    /** A message from another member. Messages from unknown senders or to someone else are dropped. */
    public void step(RaftMessage m) {
        checkNotHandedOut();
        if (!id.equals(m.to()) || m.from().equals(id) || !config.members().contains(m.from())) {
            LOG.warn("{}: dropping a message not from a member to this node: {}", id, m);
            return;
        }
        if (m.term() > term) {
            switch (m) {
                case PreVote p -> {
                    // asks about a future term; changes nothing here
                }
                case PreVoteReply r when r.granted() -> {
                    // carries the term we would campaign in
                }
                case RequestVote v when inLease() -> {
                    LOG.debug("{}: ignoring a vote request from {} for term {}: a leader was heard from recently",
                            id, v.from(), v.term());
                    return;
                }
                default -> becomeFollower(m.term(), leaderOf(m), "saw term " + m.term() + " from " + m.from());
            }
        } else if (m.term() < term) {
            follower.answerStale(m, term);
            return;
        }
        switch (m) {
            case PreVote p -> onPreVote(p);
            case PreVoteReply r -> onPreVoteReply(r);
            case RequestVote v -> onRequestVote(v);
            case RequestVoteReply r -> onVoteReply(r);
            case AppendEntries a -> {
                followLeader(a.from());
                follower.onAppend(a, term);
            }
            case Heartbeat h -> {
                followLeader(h.from());
                follower.onHeartbeat(h, term);
            }
            case InstallSnapshot s -> {
                followLeader(s.from());
                onSnapshotInstalled(follower.onInstallSnapshot(s, term), s.from());
            }
            case AppendEntriesReply r -> {
                if (leader != null) {
                    leader.onAppendReply(r);
                }
            }
            case HeartbeatReply r -> {
                if (leader != null) {
                    leader.onHeartbeatReply(r);
                }
            }
            case InstallSnapshotReply r -> {
                if (leader != null) {
                    leader.onSnapshotReply(r);
                }
            }
        }
    }

    /**
     * Appends a client command when this node is the leader; returns its index, or empty when this
     * node is not the leader. It is committed when {@link Ready#committed()} hands it out.
     */
    public OptionalLong propose(long clientId, long sequence, byte[] command) {
        checkNotHandedOut();
        if (role != Role.LEADER) {
            return OptionalLong.empty();
        }
        if (command.length + LogEntry.OVERHEAD_BYTES > config.maxBytesPerAppend()) {
            throw new IllegalArgumentException("a command of " + command.length + " bytes does not fit in "
                    + "maxBytesPerAppend (" + config.maxBytesPerAppend() + ")");
        }
        LogEntry e = LogEntry.command(log.lastIndex() + 1, term, clientId, sequence, command);
        log.append(e);
        newEntries = true;
        return OptionalLong.of(e.index());
    }

    /**
     * Starts a linearizable read: when this node is the leader, a {@link ReadState} for
     * {@code requestId} comes out of a later {@link #ready()} once a quorum has confirmed its
     * leadership (returns true). Returns false when this node is not the leader.
     */
    public boolean readIndex(long requestId) {
        checkNotHandedOut();
        if (role != Role.LEADER) {
            return false;
        }
        leader.requestRead(requestId);
        return true;
    }

    /**
     * The state machine was snapshotted as of {@code snapshot.index()} (at most the last index
     * handed out for applying) and the snapshot is durable. Returns the index up to which log
     * entries may now be dropped from storage too.
     */
    public long compact(Snapshot snapshot) {
        checkNotHandedOut();
        if (snapshot.index() > log.appliedIndex()) {
            throw new IllegalArgumentException(id + ": snapshot at " + snapshot.index() + " is beyond the applied "
                    + "index " + log.appliedIndex());
        }
        if (latestSnapshot == null || snapshot.index() > latestSnapshot.index()) {
            latestSnapshot = snapshot;
        }
        long to = snapshot.index() - config.entriesKeptAfterSnapshot();
        if (to > log.baseIndex()) {
            log.compact(to);
        }
        return log.baseIndex();
    }

    // ---- outputs ----

    public boolean hasReady() {
        return !outbox.isEmpty() || !readStates.isEmpty() || !persisted.sameAs(term, votedFor) || log.hasUnstable()
                || receivedSnapshot != null || log.hasCommittedToApply()
                || (leader != null && (newEntries || leader.hasReadWork()));
    }

    /** What to persist, send and apply now; see {@link Ready}. Call {@link #advance} after persisting it. */
    public Ready ready() {
        checkNotHandedOut();
        if (leader != null) {
            if (newEntries) {
                leader.sendNewEntries();
            }
            leader.startReadRoundIfNeeded();
            readStates.addAll(leader.takeConfirmedReads());
        }
        newEntries = false;
        HardState hardState = persisted.sameAs(term, votedFor) ? null : new HardState(term, votedFor);
        Ready r = new Ready(hardState, receivedSnapshot, receivedSnapshotDiscardsLog, log.takeUnstable(),
                outbox, log.takeCommitted(), readStates);
        outbox.clear();
        readStates.clear();
        receivedSnapshot = null;
        handedOut = r;
        return r;
    }

    /** {@code ready}'s writes are durable. */
    public void advance(Ready ready) {
        if (ready != handedOut) {
            throw new IllegalStateException(id + ": advance() must be given the Ready last returned by ready()");
        }
        handedOut = null;
        if (ready.hardState() != null) {
            persisted = ready.hardState();
        }
        if (!ready.entries().isEmpty()) {
            log.stableTo(ready.entries().get(ready.entries().size() - 1).index());
        }
        if (leader != null) {
            leader.maybeCommit();
        }
    }

    // ---- election ----

    private void campaign(String reason) {
        if (config.preVote()) {
            becomePreCandidate(reason);
        } else {
            becomeCandidate(reason);
        }
    }

    private void becomePreCandidate(String reason) {
        transition(Role.PRE_CANDIDATE, reason);
        leaderId = null;
        votes = new VoteTally(config.quorum());
        votes.record(id, true);
        resetElectionTimer();
        if (votes.won()) {
            becomeCandidate("pre-vote won alone");
            return;
        }
        for (String peer : config.peers()) {
            outbox.add(new PreVote(id, peer, term + 1, log.lastIndex(), log.lastTerm()));
        }
    }

    private void becomeCandidate(String reason) {
        term++;
        votedFor = id;
        leaderId = null;
        transition(Role.CANDIDATE, reason);
        votes = new VoteTally(config.quorum());
        votes.record(id, true);
        resetElectionTimer();
        if (votes.won()) {
            becomeLeader();
            return;
        }
        for (String peer : config.peers()) {
            outbox.add(new RequestVote(id, peer, term, log.lastIndex(), log.lastTerm()));
        }
    }

    private void becomeLeader() {
        transition(Role.LEADER, "won the election");
        leaderId = id;
        votes = null;
        electionElapsed = 0;
        heartbeatElapsed = 0;
        leader = new LeaderState(config, term, log, outbox::add, () -> latestSnapshot);
        log.append(LogEntry.noOp(log.lastIndex() + 1, term));
        newEntries = true;
    }

    private void becomeFollower(long newTerm, String newLeader, String reason) {
        if (newTerm > term) {
            term = newTerm;
            votedFor = null;
        }
        leaderId = newLeader;
        leader = null;
        votes = null;
        newEntries = false;
        resetElectionTimer();
        transition(Role.FOLLOWER, reason);
    }

    /** The one place the role changes. */
    private void transition(Role next, String reason) {
        if (next == Role.LEADER || role == Role.LEADER) {
            LOG.info("{}: {} -> {} in term {} ({})", id, role, next, term, reason);
        } else if (next != role) {
            LOG.debug("{}: {} -> {} in term {} ({})", id, role, next, term, reason);
        }
        role = next;
    }

    /** A group of one has nobody to wait for: it campaigns at the next tick, so a lone master serves at once. */
    private void resetElectionTimer() {
        electionElapsed = 0;
        randomizedElectionTimeout = config.members().size() == 1 ? 1
                : config.electionTicks() + random.nextInt(config.electionTicks());
    }

    /** Whether a leader was heard from within the minimum election timeout (or this node leads). */
    private boolean inLease() {
        return config.checkQuorum() && leaderId != null && electionElapsed < config.electionTicks();
    }

    private static String leaderOf(RaftMessage m) {
        return m instanceof AppendEntries || m instanceof Heartbeat || m instanceof InstallSnapshot ? m.from() : null;
    }

    private void onPreVote(PreVote p) {
        boolean grant = !inLease() && p.term() > term && log.isUpToDate(p.lastIndex(), p.lastTerm());
        outbox.add(new PreVoteReply(id, p.from(), grant ? p.term() : term, grant));
    }

    private void onPreVoteReply(PreVoteReply r) {
        if (role != Role.PRE_CANDIDATE || (r.granted() && r.term() != term + 1)) {
            return;
        }
        votes.record(r.from(), r.granted());
        if (votes.won()) {
            becomeCandidate("pre-vote won");
        } else if (votes.lost()) {
            becomeFollower(term, null, "pre-vote refused by a quorum");
        }
    }

    private void onRequestVote(RequestVote v) {
        boolean grant = (votedFor == null || votedFor.equals(v.from())) && role != Role.LEADER
                && log.isUpToDate(v.lastIndex(), v.lastTerm());
        if (grant) {
            votedFor = v.from();
            electionElapsed = 0;
            LOG.debug("{}: voting for {} in term {}", id, v.from(), term);
        }
        outbox.add(new RequestVoteReply(id, v.from(), term, grant)); // sent only once the vote is on disk
    }

    private void onVoteReply(RequestVoteReply r) {
        if (role != Role.CANDIDATE) {
            return;
        }
        votes.record(r.from(), r.granted());
        if (votes.won()) {
            becomeLeader();
        } else if (votes.lost()) {
            becomeFollower(term, null, "vote refused by a quorum");
        }
    }

    // ---- follower side of replication ----

    private void followLeader(String from) {
        if (role == Role.LEADER) {
            throw new IllegalStateException(id + ": two leaders in term " + term + " (this node and " + from + ")");
        }
        if (role != Role.FOLLOWER || !from.equals(leaderId)) {
            becomeFollower(term, from, "heard from leader " + from);
        }
        electionElapsed = 0;
    }

    private void onSnapshotInstalled(Follower.Installed installed, String from) {
        if (installed != null) {
            LOG.info("{}: installing {} from {}, {}", id, installed.snapshot(), from,
                    installed.keptLog() ? "keeping the log after it" : "dropping the log that disagrees with it");
            receivedSnapshot = installed.snapshot();
            receivedSnapshotDiscardsLog = !installed.keptLog();
            latestSnapshot = installed.snapshot();
        }
    }

    // ---- status ----

    public String id() {
        return id;
    }

    public Role role() {
        return role;
    }

    public long term() {
        return term;
    }

    /** The leader this node knows of in its term, if any (itself when it leads). */
    public Optional<String> leader() {
        return Optional.ofNullable(leaderId);
    }

    public long commitIndex() {
        return log.commitIndex();
    }

    public long lastIndex() {
        return log.lastIndex();
    }

    /** The term of the entry at {@code index} while it is in the log or is the snapshot's, else -1. */
    public long termAt(long index) {
        return index == 0 ? 0 : log.termAt(index);
    }

    String votedFor() {
        return votedFor;
    }

    RaftLog log() {
        return log;
    }

    Snapshot latestSnapshot() {
        return latestSnapshot;
    }

    Progress progress(String peer) {
        return leader == null ? null : leader.progress(peer);
    }

    private void checkNotHandedOut() {
        if (handedOut != null) {
            throw new IllegalStateException(id + ": call advance() with the last Ready before anything else");
        }
    }

    @Override
    public String toString() {
        return id;
    }
}
