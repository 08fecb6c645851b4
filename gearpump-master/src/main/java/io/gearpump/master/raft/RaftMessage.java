package io.gearpump.master.raft;

import java.util.Arrays;
import java.util.List;

/**
 * What Raft nodes say to each other. Every message names its sender, its addressee and the
 * sender's term ({@link PreVote} carries the term the sender would campaign in). {@link RaftWireTypes}
 * fixes how each one is encoded on the wire.
 */
public sealed interface RaftMessage {

    String from();

    String to();

    long term();

    /** "Would you vote for me in {@code term}?" Changes nothing at the receiver. */
    record PreVote(String from, String to, long term, long lastIndex, long lastTerm) implements RaftMessage {
    }

    /** The answer to a {@link PreVote}: granted with the asked term, or refused with the receiver's. */
    record PreVoteReply(String from, String to, long term, boolean granted) implements RaftMessage {
    }

    record RequestVote(String from, String to, long term, long lastIndex, long lastTerm) implements RaftMessage {
    }

    record RequestVoteReply(String from, String to, long term, boolean granted) implements RaftMessage {
    }

    /**
     * Entries after {@code prevIndex} (whose term must be {@code prevTerm} at the receiver), and
     * the leader's commit index. May be empty (a probe).
     */
    record AppendEntries(String from, String to, long term, long prevIndex, long prevTerm, List<LogEntry> entries,
                         long commit) implements RaftMessage {
        public AppendEntries {
            entries = List.copyOf(entries);
        }
    }

    /**
     * Success: the receiver's log matches the leader's up to {@code index}. Refusal: the receiver
     * does not hold {@code prevIndex = index} with the right term; {@code hint} is where its log
     * may still match (the leader retries from {@code hint + 1}).
     */
    record AppendEntriesReply(String from, String to, long term, boolean success, long index, long hint)
            implements RaftMessage {
    }

    /**
     * Keeps followers from campaigning and tells them what is committed ({@code commit} never
     * beyond what that follower acknowledged). {@code round} confirms linearizable reads.
     */
    record Heartbeat(String from, String to, long term, long commit, long round) implements RaftMessage {
    }

    record HeartbeatReply(String from, String to, long term, long round) implements RaftMessage {
    }

    /** One chunk, at {@code offset}, of the snapshot as of {@code index}; {@code last} ends it. */
    record InstallSnapshot(String from, String to, long term, long index, long snapshotTerm, long offset,
                           byte[] chunk, boolean last) implements RaftMessage {
        @Override
        public boolean equals(Object o) {
            return o instanceof InstallSnapshot s && s.from.equals(from) && s.to.equals(to) && s.term == term
                    && s.index == index && s.snapshotTerm == snapshotTerm && s.offset == offset && s.last == last
                    && Arrays.equals(s.chunk, chunk);
        }

        @Override
        public int hashCode() {
            return (from.hashCode() * 31 + to.hashCode()) * 31 + Long.hashCode(index * 31 + offset);
        }

        @Override
        public String toString() {
            return "InstallSnapshot[" + from + "->" + to + ", term=" + term + ", index=" + index + ", offset="
                    + offset + ", " + chunk.length + " bytes" + (last ? ", last" : "") + "]";
        }
    }

    /**
     * {@code installed}: the receiver holds the snapshot as of {@code index} on disk. Otherwise
     * the receiver wants the chunk at {@code nextOffset}.
     */
    record InstallSnapshotReply(String from, String to, long term, long index, long nextOffset, boolean installed)
            implements RaftMessage {
    }
}
