package io.gearpump.core.state;

/** The key of the message a task is handling, for its keyed state; the task runner provides it. */
public interface CurrentKey {

    /** The key; throws, saying why, when the task is not handling a message from a keyed edge. */
    Object key();

    /** The group ({@link io.gearpump.core.api.KeyGroups#of}) of {@code key}, the current message's key: found once per message. */
    int group(Object key);

    /** A number of the message the task handles, never the same for two: state may keep what it found for it. */
    long serial();
}
