package io.gearpump.master.raft;

/**
 * The state Raft replicates. Every node applies the same commands in the same order, so
 * {@link #apply} must be deterministic: its result and effect depend only on the state and the
 * command (no clock, no randomness, no I/O whose outcome can differ). Called on the node's thread only.
 * An exception from {@link #apply} stops the server (replicas could otherwise diverge): report a
 * refused command in the result instead.
 */
public interface StateMachine {

    /** Applies a committed command and returns its result for the client (may be null). */
    byte[] apply(byte[] command);

    /** Answers a read-only query from the current state; must not change it. */
    byte[] query(byte[] query);

    /** The whole state as bytes, such that {@link #restore} gives it back. */
    byte[] snapshot();

    /** Replaces the whole state with one from {@link #snapshot}. */
    void restore(byte[] snapshot);
}
