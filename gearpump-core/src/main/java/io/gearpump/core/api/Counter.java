package io.gearpump.core.api;

/**
 * A named, application-wide sum that tasks add to and users read from {@link AppStatus#counters()},
 * like Hadoop counters. Cheap enough to update per batch; avoid one counter per message.
 */
public interface Counter {

    void add(long delta);

    default void increment() {
        add(1);
    }
}
