package io.gearpump.master.raft;

/**
 * How a node's messages reach the other members. Sending may drop, delay, repeat or reorder
 * messages: Raft copes with all of it. Must not block the node's thread for long (queue, then send).
 */
@FunctionalInterface
public interface RaftTransport {

    /** Sends {@code message} towards {@code message.to()}, best effort. */
    void send(RaftMessage message);
}
