package io.gearpump.master.raft;

/**
 * What a node is doing in its current term. A node starts as a {@link #FOLLOWER}; when its election
 * timeout passes it asks for pre-votes ({@link #PRE_CANDIDATE}, term unchanged), then for votes
 * ({@link #CANDIDATE}, term + 1), and with a quorum it becomes {@link #LEADER}.
 */
public enum Role {
    FOLLOWER, PRE_CANDIDATE, CANDIDATE, LEADER
}
