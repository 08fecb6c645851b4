package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;

/**
 * What a leader knows about one follower's log and how it sends to it:
 * <ul>
 * <li>{@link Mode#PROBE}: where the follower's log matches is not known; one AppendEntries at a time,
 *     the next after an answer or a heartbeat reply;</li>
 * <li>{@link Mode#REPLICATE}: the logs match up to {@code match}; AppendEntries are pipelined,
 *     at most {@code maxInflight} unacknowledged;</li>
 * <li>{@link Mode#SNAPSHOT}: the entries it needs are compacted away; a snapshot is being sent, one
 *     chunk at a time.</li>
 * </ul>
 * Confined to the leader's thread.
 */
final class Progress {

    private static final Logger LOG = LoggerFactory.getLogger(Progress.class);

    enum Mode { PROBE, REPLICATE, SNAPSHOT }

    private final String self;
    final String peer;
    private final int maxInflight;
    private final ArrayDeque<Long> inflight = new ArrayDeque<>();
    private Mode mode = Mode.PROBE;
    /** The follower's log matches the leader's up to here (acknowledged, so on its disk). */
    long match;
    /** The next index to send. */
    long next;
    private boolean probeSent;
    /** Heard from in this check-quorum period. */
    boolean recentActive;
    /** The highest read round the follower acknowledged. */
    long ackedRound;
    private long matchAtLastHeartbeat;
    private Snapshot snapshot;
    private long snapshotOffset;

    Progress(String self, String peer, long next, int maxInflight) {
        this.self = self;
        this.peer = peer;
        this.next = next;
        this.maxInflight = maxInflight;
    }

    Mode mode() {
        return mode;
    }

    private void become(Mode newMode, String reason) {
        LOG.debug("{}: follower {} {} -> {} ({}; match {}, next {})", self, peer, mode, newMode, reason, match, next);
        mode = newMode;
        probeSent = false;
        inflight.clear();
        switch (newMode) {
            case PROBE, SNAPSHOT -> {
            }
            case REPLICATE -> next = match + 1;
        }
        if (newMode != Mode.SNAPSHOT) {
            snapshot = null;
            snapshotOffset = 0;
        }
    }

    /** Whether nothing more should be sent now. */
    boolean paused() {
        return switch (mode) {
            case PROBE -> probeSent;
            case REPLICATE -> inflight.size() >= maxInflight;
            case SNAPSHOT -> true;
        };
    }

    /** An AppendEntries ending at {@code lastIndex} went out ({@code empty}: it carried no entries). */
    void sent(long lastIndex, boolean empty) {
        switch (mode) {
            case PROBE -> probeSent = true;
            case REPLICATE -> {
                if (!empty) {
                    next = lastIndex + 1;
                    inflight.addLast(lastIndex);
                }
            }
            case SNAPSHOT -> throw new IllegalStateException("no appends while sending a snapshot to " + peer);
        }
    }

    /** The follower matches up to {@code index}. Returns whether {@code match} moved. */
    boolean acked(long index) {
        boolean advanced = index > match;
        match = Math.max(match, index);
        switch (mode) {
            case PROBE -> become(Mode.REPLICATE, "probe acknowledged at " + index);
            case REPLICATE -> {
                next = Math.max(next, match + 1);
                while (!inflight.isEmpty() && inflight.peekFirst() <= index) {
                    inflight.pollFirst();
                }
            }
            case SNAPSHOT -> {
                if (match >= snapshot.index()) {
                    next = match + 1;
                    become(Mode.PROBE, "caught up past the snapshot");
                }
            }
        }
        return advanced;
    }

    /** The follower refused {@code rejected}. Returns whether to send again from the new {@code next}. */
    boolean rejected(long rejected, long hint) {
        if (rejected <= match) {
            return false; // stale: we already know it matches there
        }
        long retry = Math.max(match + 1, Math.min(rejected, hint + 1));
        return switch (mode) {
            case REPLICATE -> {
                next = retry;
                become(Mode.PROBE, "append after " + rejected + " refused");
                yield true;
            }
            case PROBE -> {
                if (rejected != next - 1) {
                    yield false; // an answer to an earlier probe
                }
                next = retry;
                probeSent = false;
                yield true;
            }
            case SNAPSHOT -> false;
        };
    }

    /**
     * A heartbeat came back: appends may have been lost. Returns whether to send from {@code next}
     * (for a snapshot: resend the current chunk).
     */
    boolean heartbeatAnswered(long lastIndex) {
        boolean resend = switch (mode) {
            case PROBE -> {
                probeSent = false;
                yield match < lastIndex;
            }
            case REPLICATE -> {
                if (match < lastIndex && match == matchAtLastHeartbeat) {
                    next = match + 1;
                    become(Mode.PROBE, "no progress since the last heartbeat");
                    yield true;
                }
                yield false;
            }
            case SNAPSHOT -> true;
        };
        matchAtLastHeartbeat = match;
        return resend;
    }

    void startSnapshot(Snapshot s) {
        become(Mode.SNAPSHOT, "needs entries before the log's start, sending the snapshot at " + s.index());
        snapshot = s;
        snapshotOffset = 0;
    }

    Snapshot snapshot() {
        return snapshot;
    }

    long snapshotOffset() {
        return snapshotOffset;
    }

    /** The follower wants the chunk at {@code offset} of the snapshot at {@code index}. Returns whether to send it. */
    boolean snapshotProgress(long index, long offset) {
        if (mode != Mode.SNAPSHOT || snapshot.index() != index || offset < 0 || offset > snapshot.data().length) {
            return false;
        }
        snapshotOffset = offset;
        return true;
    }

    /** The follower holds the snapshot at {@code index} on disk. */
    void snapshotInstalled(long index) {
        match = Math.max(match, index);
        next = Math.max(next, match + 1);
        if (mode == Mode.SNAPSHOT) {
            next = match + 1;
            become(Mode.PROBE, "snapshot at " + index + " installed");
        }
    }
}
