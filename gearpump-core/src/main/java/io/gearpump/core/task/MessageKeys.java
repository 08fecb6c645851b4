package io.gearpump.core.task;

import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.Message;
import io.gearpump.core.state.CurrentKey;

import java.util.function.Function;

/**
 * The key of the message a task is handling, for its keyed state: found on demand with the key
 * function of the input channel the message came over. Task thread only.
 *
 * <p>Per message it writes ints only: the batch and its key function are set once per batch, the
 * message is an index into it, and the key is not kept: each state call applies the key function
 * once (the group, an int, is kept).
 * With G1, storing a young reference into a long-lived object like this one costs a memory fence.
 */
final class MessageKeys implements CurrentKey {

    private final String task;
    private final Function<Message, Object>[] keyOfChannel; // null where the channel's edge has no keys
    private Function<Message, Object> keyOf; // of the current batch's channel; null: not keyed
    private Message[] batch;
    private int index = -1; // of the message being handled in batch; -1: none
    private boolean groupKnown;
    private int group;
    private long serial; // of the message handled: never repeats

    MessageKeys(String task, Function<Message, Object>[] keyOfChannel) {
        this.task = task;
        this.keyOfChannel = keyOfChannel;
    }

    /** The task starts on {@code messages}, a batch from {@code inputChannel}. */
    void batchFrom(int inputChannel, Message[] messages) {
        keyOf = keyOfChannel[inputChannel];
        batch = messages;
    }

    /** The task handles message {@code i} of the batch. */
    void handling(int i) {
        index = i;
        groupKnown = false;
        serial++;
    }

    /** The task handles a message from the task that drives it (chained): a co-location edge, without keys. */
    void handlingUnkeyed() {
        keyOf = null;
        index = 0;
        serial++;
    }

    /** The task handles no message (between batches, in a timer, a self message). */
    void handlingNone() {
        index = -1;
        batch = null;
        serial++;
    }

    @Override
    public Object key() {
        if (index < 0) {
            throw new IllegalStateException(task + ": keyed state has a key only while the task handles a message"
                    + " from upstream, not in onStart, onStop, a timer or a self message");
        }
        if (keyOf == null) {
            throw new IllegalStateException(task + ": keyed state needs its input from a keyed edge (hash or"
                    + " groupBy partitioner, or a KeyedPartitioner); this message came over an edge without keys");
        }
        return keyOf.apply(batch[index]);
    }

    @Override
    public long serial() {
        return serial;
    }

    @Override
    public int group(Object key) {
        if (!groupKnown) {
            group = KeyGroups.of(key);
            groupKnown = true;
        }
        return group;
    }
}
