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

import java.util.function.Consumer;

/**
 * The follower's side of replication: checks what the leader sends against the log, appends it,
 * moves the commit index (never past what is known to match the leader), assembles snapshots, and
 * answers. The node has already settled terms and who leads. Confined to the node's thread.
 */
final class Follower {

    /** A snapshot the follower moved its log onto; {@code keptLog}: the entries after it stayed. */
    record Installed(Snapshot snapshot, boolean keptLog) {
    }

    private final String id;
    private final RaftLog log;
    private final Consumer<RaftMessage> out;
    private final SnapshotReceiver receiver = new SnapshotReceiver();

    Follower(String id, RaftLog log, Consumer<RaftMessage> out) {
        this.id = id;
        this.log = log;
        this.out = out;
    }

    void onAppend(AppendEntries a, long term) {
        long matched = log.appendFromLeader(a.prevIndex(), a.prevTerm(), a.entries());
        if (matched < 0) {
            out.accept(new AppendEntriesReply(id, a.from(), term, false, a.prevIndex(), log.rejectHint(a.prevIndex())));
            return;
        }
        log.commitTo(Math.min(a.commit(), matched)); // never beyond what is known to match the leader
        out.accept(new AppendEntriesReply(id, a.from(), term, true, matched, matched)); // sent once on disk
    }

    void onHeartbeat(Heartbeat h, long term) {
        log.commitTo(Math.min(h.commit(), log.lastIndex())); // h.commit is at most what this node acknowledged
        out.accept(new HeartbeatReply(id, h.from(), term, h.round()));
    }

    /** Returns the snapshot installed by this chunk, or null when none was. */
    Installed onInstallSnapshot(InstallSnapshot s, long term) {
        SnapshotReceiver.Offer offer = receiver.offer(s);
        Snapshot snap = offer.complete();
        if (snap == null) {
            out.accept(new InstallSnapshotReply(id, s.from(), term, s.index(), offer.nextOffset(), false));
            return null;
        }
        Installed installed = null;
        if (snap.index() > log.commitIndex()) {
            installed = new Installed(snap, log.restoreTo(snap.index(), snap.term()));
        }
        out.accept(new InstallSnapshotReply(id, s.from(), term, snap.index(), snap.data().length, true));
        return installed;
    }

    /** A message from an older term: tell its sender about this term, so an old leader steps down. */
    void answerStale(RaftMessage m, long term) {
        switch (m) {
            case AppendEntries a -> out.accept(new AppendEntriesReply(id, a.from(), term, false, a.prevIndex(),
                    log.lastIndex()));
            case Heartbeat h -> out.accept(new HeartbeatReply(id, h.from(), term, h.round()));
            case InstallSnapshot s -> out.accept(new InstallSnapshotReply(id, s.from(), term, s.index(), 0, false));
            case PreVote p -> out.accept(new PreVoteReply(id, p.from(), term, false));
            case RequestVote v -> out.accept(new RequestVoteReply(id, v.from(), term, false));
            default -> {
                // an old reply: nothing to do
            }
        }
    }
}
