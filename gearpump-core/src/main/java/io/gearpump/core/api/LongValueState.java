package io.gearpump.core.api;

/**
 * A long a task keeps through failures, like a {@code ValueState<Long>} but kept unboxed: reading
 * and writing it allocate nothing, so a counter or a sum per key costs no object per message. It
 * checkpoints as a {@code ValueState<Long>} would: a state declared one way restores what the other
 * wrote. Declared through {@link TaskContext#longState} (one per task) or
 * {@link TaskContext#keyedLongState} (one per key of the message being handled).
 */
public interface LongValueState {

    /** The value, or 0 when none was set. */
    long get();

    /** Whether a value was set (and not cleared since). */
    boolean isSet();

    void set(long value);

    /** Adds {@code delta} to the value (0 when none was set) and returns the sum. */
    default long add(long delta) {
        long sum = get() + delta;
        set(sum);
        return sum;
    }

    /** Removes the value: {@link #isSet} is false and {@link #get} 0 again. */
    void clear();
}
