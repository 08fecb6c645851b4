package io.gearpump.core.api;

/**
 * A task that keeps state in fields of its own and wants it back after a failure: at every
 * checkpoint the engine asks for a snapshot (on the task's thread, between two messages), and a
 * restart hands the last completed checkpoint's snapshot back before {@code onStart}. Messages the
 * task sent to itself and its timers are not part of it: {@code onStart} sets them up again.
 *
 * @param <S> the snapshot: a value of registered wire types that the task never changes afterwards
 *            (a copy, or an immutable value), since it is written while the task goes on
 */
public interface Checkpointed<S> {

    S snapshotState();

    void restoreState(S state);

    /**
     * Checkpoint {@code checkpointId} is complete: every task's snapshot of it is durable, so what this
     * task prepared for it (a sink's written but invisible output) can be made final. Called on the
     * task's thread; also right after a restore, with the checkpoint restored from, since a restart
     * may come before the news did. Checkpoints that never complete are not announced: a later
     * completed one covers them.
     */
    default void checkpointCompleted(long checkpointId) {
    }
}
