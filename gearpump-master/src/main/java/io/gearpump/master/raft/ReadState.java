package io.gearpump.master.raft;

/**
 * A linearizable read the leader has confirmed: once the state machine has applied up to
 * {@code index}, read request {@code requestId} may be answered from it.
 */
public record ReadState(long requestId, long index) {
}
