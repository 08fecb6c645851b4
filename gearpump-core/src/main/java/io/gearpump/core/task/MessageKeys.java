package io.gearpump.core.task;

import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.Message;
import io.gearpump.core.state.CurrentKey;

import java.util.function.Function;

/**
 * The key of the message a task is handling, for its keyed state: found on demand (once per message)
 * with the key function of the input channel the message came over. Task thread only.
 */
final class MessageKeys implements CurrentKey {

    private final String task;
    private final Function<Message, Object>[] keyOfChannel; // null where the channel's edge has no keys
    private Message message; // null: none being handled
    private int channel = -1; // stays -1 in a chained task: it has no input channels, its driver calls it
    private boolean known;
    private Object key;
    private int group;

    MessageKeys(String task, Function<Message, Object>[] keyOfChannel) {
        this.task = task;
        this.keyOfChannel = keyOfChannel;
    }

    /** The task starts on the messages of a batch from {@code inputChannel}. */
    void batchFrom(int inputChannel) {
        channel = inputChannel;
    }

    /** The task handles {@code next} (null: none, e.g. between batches). */
    void handling(Message next) {
        message = next;
        known = false;
    }

    @Override
    public Object key() {
        resolve();
        return key;
    }

    @Override
    public int group() {
        resolve();
        return group;
    }

    private void resolve() {
        if (known) {
            return;
        }
        if (message == null) {
            throw new IllegalStateException(task + ": keyed state has a key only while the task handles a message"
                    + " from upstream, not in onStart, onStop, a timer or a self message");
        }
        Function<Message, Object> keyOf = channel < 0 ? null : keyOfChannel[channel];
        if (keyOf == null) {
            throw new IllegalStateException(task + ": keyed state needs its input from a keyed edge (hash or"
                    + " groupBy partitioner, or a KeyedPartitioner); this message came over an edge without keys");
        }
        key = keyOf.apply(message);
        group = KeyGroups.of(key);
        known = true;
    }
}
