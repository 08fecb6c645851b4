package io.gearpump.core.agent;

import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.function.Consumer;

/**
 * An agent's inputs: any thread offers, the agent's thread drains, in arrival order. Offering wakes
 * whoever runs the agent (set with {@link #onOffer}), so an input is handled at once, not at the next tick.
 */
public final class Mailbox<I> {

    private final ConcurrentLinkedQueue<I> inputs = new ConcurrentLinkedQueue<>();
    private volatile Runnable wake = () -> { };

    /** Any thread. */
    public void offer(I input) {
        inputs.add(input);
        wake.run();
    }

    /** The agent's thread: hands every input that has arrived to {@code handler}; returns how many. */
    public int drain(Consumer<? super I> handler) {
        int n = 0;
        for (I input = inputs.poll(); input != null; input = inputs.poll()) {
            handler.accept(input);
            n++;
        }
        return n;
    }

    public boolean isEmpty() {
        return inputs.isEmpty();
    }

    /** Set by the runner before the agent starts. */
    public void onOffer(Runnable wake) {
        this.wake = wake;
    }
}
