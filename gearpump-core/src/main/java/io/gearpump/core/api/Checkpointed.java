package io.gearpump.core.api;

/**
 * A task that keeps state in fields of its own and wants it back after a failure: at every
 * checkpoint the engine asks for a snapshot (on the task's thread, between two messages), and a
 * restart hands the last completed checkpoint's snapshot back before {@code onStart}.
 *
 * @param <S> the snapshot: a value of registered wire types that the task never changes afterwards
 *            (a copy, or an immutable value), since it is written while the task goes on
 */
public interface Checkpointed<S> {

    S snapshotState();

    void restoreState(S state);
}
