package io.gearpump.net.loop;

import org.slf4j.Logger;

/**
 * Lets through at most one warning per interval and counts the rest, so a flood of bad peers costs a
 * line a second rather than a line each; the next line that passes says how many were left out.
 * Thread-safe.
 */
public final class WarningLimiter {

    private final long intervalNanos;
    private long nextAt = Long.MIN_VALUE; // guarded by this
    private long suppressed;

    public WarningLimiter(long intervalMillis) {
        this.intervalNanos = intervalMillis * 1_000_000L;
    }

    /** Logs {@code line} at WARN unless one passed within the interval. */
    public void warn(Logger log, String line) {
        long left;
        synchronized (this) {
            long now = System.nanoTime();
            if (nextAt != Long.MIN_VALUE && now - nextAt < 0) {
                suppressed++;
                return;
            }
            nextAt = now + intervalNanos;
            left = suppressed;
            suppressed = 0;
        }
        log.warn(left == 0 ? line : line + " (and " + left + " more like it left out of the log)");
    }
}
