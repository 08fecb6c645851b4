package io.gearpump.core.connectors;

import java.io.Serializable;

/**
 * The event time of a value a {@link FileSource} reads, in epoch milliseconds: given with
 * {@link FileSource#withEventTime}, it travels with the application to every task, so a lambda
 * given here may capture only the wire's registered types and the application's own classes.
 *
 * @param <T> the value: a String for {@code format = lines}, a byte[] for {@code format = records}
 */
@FunctionalInterface
public interface EventTimeFunction<T> extends Serializable {

    long eventTimeMillis(T value);
}
