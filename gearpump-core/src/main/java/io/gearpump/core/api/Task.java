package io.gearpump.core.api;

import java.time.Instant;

/**
 * The user's code for one processor. The engine creates one instance per task through the public
 * constructor {@code (TaskContext, UserConfig)} and calls it from a single virtual thread: the
 * lifecycle methods, messages from upstream, self messages and timers never run concurrently, so a
 * task's fields need no synchronization.
 *
 * <p>A task without upstream processors is a source. A source produces by sending itself messages
 * ({@link TaskContext#sendToSelf}) or by scheduling timers; it ends when it calls
 * {@link TaskContext#complete()} or when it has nothing left that could wake it (no self message
 * and no timer pending). Any other task ends when all of its upstream tasks have ended and its
 * inbox is empty. {@link #onStop()} runs in both cases and may still output.
 */
public abstract class Task {

    protected final TaskContext context;
    protected final UserConfig config;

    protected Task(TaskContext context, UserConfig config) {
        this.context = context;
        this.config = config;
    }

    /** Called once before any message; {@code startTime} is the clock the application starts from. */
    public void onStart(Instant startTime) {
    }

    /** Called for every message from upstream and every self message. */
    public abstract void onNext(Message message);

    /** Called when the watermark of this task's inputs advances (no earlier events will arrive). */
    public void onWatermark(Instant watermark) {
    }

    /** Called once when the task ends normally (end of its input, or the application is stopped). */
    public void onStop() {
    }

    /** Shorthand for {@code context.output(message)}. */
    protected final void output(Message message) {
        context.output(message);
    }
}
