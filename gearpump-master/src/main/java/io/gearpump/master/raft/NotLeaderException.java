package io.gearpump.master.raft;

import java.util.Optional;

/**
 * This node cannot do what was asked because it is not the leader, or stopped being the leader
 * before it could answer. For a command that was already appended the outcome is unknown: retry it
 * with the same client id and sequence number (at the leader named here, if any) and it is applied
 * at most once.
 */
public final class NotLeaderException extends RuntimeException {

    private final transient String leaderHint;

    public NotLeaderException(String message, String leaderHint) {
        super(message + (leaderHint == null ? "; no leader known" : "; the leader is " + leaderHint), null, false,
                false);
        this.leaderHint = leaderHint;
    }

    /** The leader this node knows of, if any. */
    public Optional<String> leaderHint() {
        return Optional.ofNullable(leaderHint);
    }
}
