package io.gearpump.master.raft;

import java.util.Objects;

/**
 * The small part of a node's state that must be on disk before it answers anyone: its current
 * term and whom it voted for in that term ({@code null}: nobody yet).
 */
public record HardState(long term, String votedFor) {

    public static final HardState INITIAL = new HardState(0, null);

    public HardState {
        if (term < 0) {
            throw new IllegalArgumentException("term must be >= 0, got " + term);
        }
        if (votedFor != null && votedFor.isEmpty()) {
            throw new IllegalArgumentException("votedFor must be null or a node id, got an empty string");
        }
    }

    boolean sameAs(long otherTerm, String otherVote) {
        return term == otherTerm && Objects.equals(votedFor, otherVote);
    }
}
