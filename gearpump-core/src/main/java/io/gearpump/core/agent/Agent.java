package io.gearpump.core.agent;

/**
 * A single-writer state machine: one thread calls {@link #doWork} and {@link #onClose}, and nothing
 * else touches the agent's state. Inputs from other threads go through its {@link Mailbox}.
 */
public interface Agent {

    /** Names the agent in logs and thread names. */
    String name();

    /**
     * Handles the inputs that arrived and whatever is due at {@code nowMillis}; returns how much
     * work it did (0 when idle), so a runner knows it may sleep.
     */
    int doWork(long nowMillis);

    /** The last step, on the agent's thread: nothing more arrives. */
    default void onClose() {
    }
}
