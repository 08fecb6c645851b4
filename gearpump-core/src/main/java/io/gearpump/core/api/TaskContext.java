package io.gearpump.core.api;

import java.time.Duration;
import java.time.Instant;

/**
 * What a task can do and know about itself. Every method must be called from the task's own
 * thread (inside its lifecycle methods, {@code onNext} or a timer action).
 */
public interface TaskContext {

    TaskId taskId();

    /** Number of tasks of this task's processor. */
    int parallelism();

    String appName();

    int appId();

    /**
     * Sends a message to every downstream processor, to the task(s) its edge's partitioner picks.
     * Messages are batched per downstream task; when a downstream inbox is full this call waits
     * (back pressure).
     */
    void output(Message message);

    /**
     * Queues a message for this task's own {@link Task#onNext}, after what is already queued. Never
     * blocks: self messages do not count against the bounded inbox.
     */
    void sendToSelf(Message message);

    /** Runs {@code action} once on this task's thread after {@code delay}. */
    Cancellable scheduleOnce(Duration delay, Runnable action);

    /** Runs {@code action} on this task's thread after {@code initialDelay}, then every {@code interval}. */
    Cancellable schedule(Duration initialDelay, Duration interval, Runnable action);

    /**
     * Declares that this task will output no message older than {@code watermark}. Sources that do
     * not call it get a watermark equal to the greatest timestamp they have output (ascending time).
     */
    void updateWatermark(Instant watermark);

    /**
     * The minimum watermark over this task's inputs: {@link Instant#MIN} before any is known,
     * {@link Instant#MAX} for a source (nothing upstream holds it back) or once every input has ended.
     */
    Instant upstreamMinClock();

    /** A named counter summed over all tasks of the application. */
    Counter counter(String name);

    /** What the application promises when something fails; a sink makes its output final accordingly. */
    default Guarantee guarantee() {
        return Guarantee.NONE;
    }

    /**
     * A value this task keeps through failures, named {@code name} (unique within the task): declare it
     * in the constructor or {@code onStart}; at a restart it holds what the last completed checkpoint
     * saw. {@code type} must be a registered wire type, else this throws, naming the setting to add.
     */
    default <T> ValueState<T> valueState(String name, Class<T> type) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /** A long this task keeps through failures, unboxed; like {@link #valueState} of {@code Long}. */
    default LongValueState longState(String name) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /** A map this task keeps through failures; like {@link #valueState}, for a map of registered types. */
    default <K, V> MapState<K, V> mapState(String name, Class<K> keyType, Class<V> valueType) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /**
     * A value per key, for a task fed by keyed edges ({@link KeyedPartitioner}: hash, group-by): each
     * call works on the value of the key of the message being handled, found with the key function of
     * the edge it came from. Kept in key groups, so that a change of parallelism can move keys with their
     * state. Outside the handling of a message from a keyed edge (in a timer, a self message,
     * {@code onStop}) there is no current key and the state throws. {@code keyType} is what the edges'
     * keys are, checked like {@code type}.
     */
    default <T> ValueState<T> keyedValueState(String name, Class<?> keyType, Class<T> type) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /** A long per key of the message being handled, unboxed; like {@link #keyedValueState} of {@code Long}. */
    default LongValueState keyedLongState(String name, Class<?> keyType) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /** A map per key of the message being handled; see {@link #keyedValueState}. */
    default <K, V> MapState<K, V> keyedMapState(String name, Class<?> keyType, Class<K> mapKeyType, Class<V> valueType) {
        throw new UnsupportedOperationException("this context keeps no state");
    }

    /**
     * Ends this task once the current call returns: {@link Task#onStop()} runs (and may still
     * output), then downstream tasks see the end of its stream. Remaining input and self messages
     * are discarded.
     */
    void complete();
}
