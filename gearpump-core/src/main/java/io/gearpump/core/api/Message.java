package io.gearpump.core.api;

import java.time.Instant;

/**
 * One element of a stream: a value and its event time in epoch milliseconds.
 *
 * <p>Messages are immutable and are passed by reference between tasks in the same JVM, so a task
 * must not change a value after it has output it.
 */
public record Message(Object value, long timestamp) {

    /** A message stamped with the current wall-clock time. */
    public static Message of(Object value) {
        return new Message(value, System.currentTimeMillis());
    }

    public static Message of(Object value, Instant time) {
        return new Message(value, time.toEpochMilli());
    }

    public Instant time() {
        return Instant.ofEpochMilli(timestamp);
    }
}
