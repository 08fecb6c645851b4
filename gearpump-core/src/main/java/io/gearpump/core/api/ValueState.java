package io.gearpump.core.api;

/**
 * One value a task keeps through failures: the engine snapshots it at every checkpoint and gives it
 * back at a restart. Declared through {@link TaskContext#valueState} (one value per task) or
 * {@link TaskContext#keyedValueState} (one per key of the message being handled). A value is not
 * copied when it is set: set a new value rather than changing one in place, since a checkpoint may
 * be writing it out at the time.
 *
 * @param <T> a registered wire type
 */
public interface ValueState<T> {

    /** The value, or null when none was set. */
    T get();

    /** Replaces the value; null clears it. */
    void set(T value);

    default void clear() {
        set(null);
    }
}
