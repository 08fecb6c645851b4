package io.gearpump.master.raft;

import io.gearpump.master.raft.RaftMessage.AppendEntries;
import io.gearpump.master.raft.RaftMessage.AppendEntriesReply;
import io.gearpump.master.raft.RaftMessage.Heartbeat;
import io.gearpump.master.raft.RaftMessage.HeartbeatReply;
import io.gearpump.master.raft.RaftMessage.InstallSnapshot;
import io.gearpump.master.raft.RaftMessage.InstallSnapshotReply;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A leader's state for one term: each follower's {@link Progress}, the commit rule, and the
 * reads waiting for a quorum to confirm this node is still the leader (ReadIndex). Created when the
 * node wins an election and dropped when it steps down. Confined to the node's thread.
 */
final class LeaderState {

    private record PendingRead(long id, long index, long round) {
    }

    private final RaftConfig config;
    private final String self;
    private final long term;
    private final RaftLog log;
    private final Consumer<RaftMessage> out;
    private final Supplier<Snapshot> latestSnapshot;
    private final Map<String, Progress> progress = new LinkedHashMap<>();
    /** Reads that arrived before this term's first commit; they get a read index once it commits. */
    private final List<Long> readsAwaitingFirstCommit = new ArrayList<>();
    private final ArrayDeque<PendingRead> readsAwaitingQuorum = new ArrayDeque<>();
    private final List<ReadState> confirmedReads = new ArrayList<>();
    private long round;
    private boolean roundNeeded;

    LeaderState(RaftConfig config, long term, RaftLog log, Consumer<RaftMessage> out,
                Supplier<Snapshot> latestSnapshot) {
        this.config = config;
        this.self = config.self();
        this.term = term;
        this.log = log;
        this.out = out;
        this.latestSnapshot = latestSnapshot;
        for (String peer : config.peers()) {
            progress.put(peer, new Progress(self, peer, log.lastIndex() + 1, config.maxInflightAppends()));
        }
    }

    Progress progress(String peer) {
        return progress.get(peer);
    }

    /** Sends every follower what it can take of the entries it has not been sent. */
    void sendNewEntries() {
        for (Progress pr : progress.values()) {
            sendAll(pr);
        }
    }

    private void sendAll(Progress pr) {
        while (sendAppend(pr, false)) {
            // pipelining: keep sending while the window has room and entries remain
        }
    }

    /** Sends one AppendEntries (or starts a snapshot). Returns whether entries went out. */
    private boolean sendAppend(Progress pr, boolean evenIfEmpty) {
        if (pr.paused()) {
            return false;
        }
        long prev = pr.next - 1;
        long prevTerm = log.termAt(prev);
        if (prevTerm < 0) {
            startSnapshot(pr);
            return false;
        }
        List<LogEntry> batch = log.slice(pr.next, config.maxEntriesPerAppend(), config.maxBytesPerAppend());
        if (batch.isEmpty() && !evenIfEmpty) {
            return false;
        }
        out.accept(new AppendEntries(self, pr.peer, term, prev, prevTerm, batch, log.commitIndex()));
        pr.sent(batch.isEmpty() ? prev : batch.get(batch.size() - 1).index(), batch.isEmpty());
        return !batch.isEmpty();
    }

    private void startSnapshot(Progress pr) {
        Snapshot s = latestSnapshot.get();
        if (s == null || s.index() < log.baseIndex()) {
            throw new IllegalStateException(self + ": the log is compacted to " + log.baseIndex()
                    + " but the latest snapshot is " + s);
        }
        pr.startSnapshot(s);
        sendChunk(pr);
    }

    private void sendChunk(Progress pr) {
        Snapshot s = pr.snapshot();
        int from = (int) pr.snapshotOffset();
        int to = Math.min(s.data().length, from + config.snapshotChunkBytes());
        out.accept(new InstallSnapshot(self, pr.peer, term, s.index(), s.term(), from,
                Arrays.copyOfRange(s.data(), from, to), to == s.data().length));
    }

    void broadcastHeartbeat() {
        for (Progress pr : progress.values()) {
            out.accept(new Heartbeat(self, pr.peer, term, Math.min(pr.match, log.commitIndex()), round));
        }
    }

    void onAppendReply(AppendEntriesReply m) {
        Progress pr = progress.get(m.from());
        pr.recentActive = true;
        if (m.success()) {
            if (pr.acked(m.index())) {
                maybeCommit();
            }
            sendAll(pr);
        } else if (pr.rejected(m.index(), m.hint())) {
            sendAppend(pr, true);
        }
    }

    void onHeartbeatReply(HeartbeatReply m) {
        Progress pr = progress.get(m.from());
        pr.recentActive = true;
        if (m.round() > pr.ackedRound) {
            pr.ackedRound = m.round();
            confirmReads();
        }
        if (pr.heartbeatAnswered(log.lastIndex())) {
            if (pr.mode() == Progress.Mode.SNAPSHOT) {
                sendChunk(pr);
            } else {
                sendAppend(pr, true);
            }
        }
    }

    void onSnapshotReply(InstallSnapshotReply m) {
        Progress pr = progress.get(m.from());
        pr.recentActive = true;
        if (m.installed()) {
            pr.snapshotInstalled(m.index());
            sendAll(pr);
            if (pr.mode() == Progress.Mode.PROBE) {
                sendAppend(pr, true);
            }
        } else if (pr.snapshotProgress(m.index(), m.nextOffset())) {
            sendChunk(pr);
        }
    }

    /** Commits the highest index a quorum holds, if it is of this term. Returns whether the commit index moved. */
    boolean maybeCommit() {
        long[] matches = new long[progress.size() + 1];
        int i = 0;
        matches[i++] = log.stableIndex();
        for (Progress pr : progress.values()) {
            matches[i++] = pr.match;
        }
        Arrays.sort(matches);
        long candidate = matches[matches.length - config.quorum()];
        if (candidate > log.commitIndex() && log.termAt(candidate) == term) {
            log.commitTo(candidate);
            onCommitAdvanced();
            return true;
        }
        return false;
    }

    /** Whether a quorum was heard from since the last call; starts a new period. */
    boolean quorumActive() {
        int active = 1;
        for (Progress pr : progress.values()) {
            if (pr.recentActive) {
                active++;
            }
            pr.recentActive = false;
        }
        return active >= config.quorum();
    }

    // ---- ReadIndex ----

    void requestRead(long id) {
        if (log.termAt(log.commitIndex()) != term) {
            readsAwaitingFirstCommit.add(id);
        } else {
            addRead(id);
        }
    }

    private void addRead(long id) {
        if (config.quorum() == 1) {
            confirmedReads.add(new ReadState(id, log.commitIndex()));
        } else {
            readsAwaitingQuorum.addLast(new PendingRead(id, log.commitIndex(), round + 1));
            roundNeeded = true;
        }
    }

    private void onCommitAdvanced() {
        if (!readsAwaitingFirstCommit.isEmpty()) {
            readsAwaitingFirstCommit.forEach(this::addRead);
            readsAwaitingFirstCommit.clear();
        }
    }

    /** Starts one heartbeat round for every read that arrived since the last one (reads are batched). */
    void startReadRoundIfNeeded() {
        if (roundNeeded) {
            roundNeeded = false;
            round++;
            broadcastHeartbeat();
        }
    }

    boolean hasReadWork() {
        return roundNeeded || !confirmedReads.isEmpty();
    }

    private void confirmReads() {
        while (!readsAwaitingQuorum.isEmpty() && roundConfirmed(readsAwaitingQuorum.peekFirst().round())) {
            PendingRead r = readsAwaitingQuorum.pollFirst();
            confirmedReads.add(new ReadState(r.id(), r.index()));
        }
    }

    private boolean roundConfirmed(long r) {
        int acks = 1;
        for (Progress pr : progress.values()) {
            if (pr.ackedRound >= r) {
                acks++;
            }
        }
        return acks >= config.quorum();
    }

    List<ReadState> takeConfirmedReads() {
        if (confirmedReads.isEmpty()) {
            return List.of();
        }
        List<ReadState> outList = List.copyOf(confirmedReads);
        confirmedReads.clear();
        return outList;
    }
}
