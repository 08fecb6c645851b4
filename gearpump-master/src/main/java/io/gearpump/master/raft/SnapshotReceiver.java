package io.gearpump.master.raft;

import io.gearpump.master.raft.RaftMessage.InstallSnapshot;

import java.io.ByteArrayOutputStream;

/**
 * Assembles a snapshot from InstallSnapshot chunks on a follower. Chunks must come in order; a
 * chunk at any other offset is answered with the offset wanted, so lost, repeated and reordered
 * chunks are sorted out by the leader resending. A chunk at offset 0 always starts over. Confined to
 * the node's thread; lost with it on a crash (the leader then starts again at 0).
 */
final class SnapshotReceiver {

    /** Either the finished snapshot, or the offset wanted next. */
    record Offer(Snapshot complete, long nextOffset) {
    }

    private long index = -1;
    private long term = -1;
    private ByteArrayOutputStream buffer = new ByteArrayOutputStream();

    Offer offer(InstallSnapshot m) {
        boolean same = m.index() == index && m.snapshotTerm() == term;
        if (m.offset() == 0) {
            index = m.index();
            term = m.snapshotTerm();
            buffer = new ByteArrayOutputStream();
        } else if (!same) {
            return new Offer(null, 0);
        }
        if (m.offset() != buffer.size()) {
            return new Offer(null, buffer.size());
        }
        buffer.writeBytes(m.chunk());
        if (!m.last()) {
            return new Offer(null, buffer.size());
        }
        Snapshot s = new Snapshot(index, term, buffer.toByteArray());
        index = -1;
        term = -1;
        buffer = new ByteArrayOutputStream();
        return new Offer(s, s.data().length);
    }
}
