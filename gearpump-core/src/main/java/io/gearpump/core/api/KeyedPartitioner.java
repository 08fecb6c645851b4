package io.gearpump.core.api;

/**
 * A partitioner that routes by a key of the message, through {@link KeyGroups}: the task that owns
 * the key's group receives it. The receiving tasks can then keep state per key
 * ({@link TaskContext#keyedValueState}, {@link TaskContext#keyedMapState}), which the engine finds with
 * the same {@link #keyOf}. The hash and group-by partitioners are keyed; an application's own
 * partitioner can be too.
 */
public interface KeyedPartitioner extends Partitioner {

    /** The message's key; equal keys must give equal results, on every JVM. */
    Object keyOf(Message message);

    @Override
    default int getPartition(Message message, int partitionNum) {
        return KeyGroups.taskOf(KeyGroups.of(keyOf(message)), partitionNum);
    }
}
