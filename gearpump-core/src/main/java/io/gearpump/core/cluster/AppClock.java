package io.gearpump.core.cluster;

import java.time.Instant;

/**
 * An application clock on the wire, in epoch millis, with two marks: {@link #NONE} before any task
 * has a clock and {@link #END} once every stream has ended. Reports, the replicated start clock and
 * {@code StartTasks} all carry it this way.
 */
public final class AppClock {

    public static final long NONE = Long.MIN_VALUE;
    public static final long END = Long.MAX_VALUE;

    private AppClock() {
    }

    /** A task network's clock ({@code null} before any, {@link Instant#MAX} at the end) as millis. */
    public static long of(Instant clock) {
        return clock == null ? NONE : clock.equals(Instant.MAX) ? END : clock.toEpochMilli();
    }

    /** The inverse of {@link #of}. */
    public static Instant instant(long millis) {
        return millis == NONE ? null : millis == END ? Instant.MAX : Instant.ofEpochMilli(millis);
    }

    /** Whether the clock is a point in time (neither mark): a restart may replay from it. */
    public static boolean isPoint(long millis) {
        return millis != NONE && millis != END;
    }

    /** The time tasks start from: the clock if it is a point, else the beginning of time. */
    public static Instant startTime(long millis) {
        return isPoint(millis) ? Instant.ofEpochMilli(millis) : Instant.EPOCH;
    }

    /** For people: the instant, "none yet" or "end of stream". */
    public static String describe(long millis) {
        return millis == NONE ? "none yet" : millis == END ? "end of stream" : Instant.ofEpochMilli(millis).toString();
    }
}
