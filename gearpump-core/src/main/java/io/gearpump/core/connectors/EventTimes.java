package io.gearpump.core.connectors;

import io.gearpump.core.api.UserConfig;
import io.gearpump.core.serialization.FunctionCodec;

import java.time.Duration;
import java.time.Instant;

/**
 * The timestamps of what a {@link FileSource} reads: the time it was read, or the event time its
 * user function gives ({@link #FUNCTION_KEY}), and then the watermark that follows it: the greatest
 * event time seen so far minus the out-of-orderness allowed ({@link #MAX_OUT_OF_ORDER_KEY}, 0 by
 * default). Confined to the source task's thread.
 */
final class EventTimes {

    static final String FUNCTION_KEY = "event.time.function";
    static final String MAX_OUT_OF_ORDER_KEY = "event.time.max.out.of.order.ms";

    private final EventTimeFunction<Object> function; // null: the read time
    private final long maxOutOfOrderMillis;
    private long greatest = Long.MIN_VALUE;

    private EventTimes(EventTimeFunction<Object> function, long maxOutOfOrderMillis) {
        this.function = function;
        this.maxOutOfOrderMillis = maxOutOfOrderMillis;
    }

    /** What {@code config} says; the function is rebuilt here, with the application's classes. */
    @SuppressWarnings("unchecked")
    static EventTimes of(UserConfig config) {
        long maxOutOfOrder = config.getLong(MAX_OUT_OF_ORDER_KEY, 0);
        if (maxOutOfOrder < 0) {
            throw new IllegalArgumentException("config '" + MAX_OUT_OF_ORDER_KEY + "' = " + maxOutOfOrder + " is negative");
        }
        EventTimeFunction<Object> function = config.getString(FUNCTION_KEY)
                .map(text -> (EventTimeFunction<Object>) FunctionCodec.decode(text, EventTimeFunction.class, applicationLoader(),
                        "config '" + FUNCTION_KEY + "'"))
                .orElse(null);
        return new EventTimes(function, maxOutOfOrder);
    }

    /** {@code config} with {@code function} and {@code maxOutOfOrder}; refused when the function cannot travel. */
    static UserConfig with(UserConfig config, EventTimeFunction<?> function, Duration maxOutOfOrder) {
        if (function == null || maxOutOfOrder == null || maxOutOfOrder.isNegative()) {
            throw new IllegalArgumentException("FileSource's event time needs a function and an out-of-orderness of 0 or more, got "
                    + function + " and " + maxOutOfOrder);
        }
        return config.with(FUNCTION_KEY, FunctionCodec.encode(function, "FileSource's event-time function " + function))
                .with(MAX_OUT_OF_ORDER_KEY, maxOutOfOrder.toMillis());
    }

    /** The timestamp of {@code value}: its event time (noted for the watermark), or now; the user function's exception as is. */
    long stamp(Object value) {
        if (function == null) {
            return System.currentTimeMillis();
        }
        long t = function.eventTimeMillis(value);
        if (t > greatest) {
            greatest = t;
        }
        return t;
    }

    /** The watermark to declare, or null: none seen yet, or read times (the engine follows those itself). */
    Instant watermark() {
        if (function == null || greatest == Long.MIN_VALUE) {
            return null;
        }
        long w = greatest - maxOutOfOrderMillis;
        return Instant.ofEpochMilli(w > greatest ? Long.MIN_VALUE : w); // no wrap-around below the smallest time
    }

    boolean eventTime() {
        return function != null;
    }

    /** The application's classes: tasks run with the application's loader as their context loader. */
    private static ClassLoader applicationLoader() {
        ClassLoader context = Thread.currentThread().getContextClassLoader();
        return context != null ? context : EventTimes.class.getClassLoader();
    }
}
