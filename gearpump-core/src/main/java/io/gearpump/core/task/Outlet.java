package io.gearpump.core.task;

/**
 * Where a task's output leaves it, as its router sees it between messages: flushed, given barriers,
 * ended, counted. An {@link OutputChannel} to one downstream task is one; so is a {@link LocalFanOut}
 * to all of a processor's tasks. Confined to the sending task's thread, except the counts.
 */
public interface Outlet {

    /** Hands over what is buffered, stamped with {@code watermark}; sends the watermark alone if it advanced (where it does). */
    void flush(long watermark);

    /** Flushes, then sends checkpoint {@code checkpointId}'s barrier: after everything sent before it, before anything after. */
    void barrier(long checkpointId);

    /** Flushes, then tells the receiver this stream has ended. */
    void endOfStream();

    /** Whether {@link #flush} sends the watermark alone when nothing is buffered (else receivers learn it otherwise). */
    default boolean sendsWatermarkAlone() {
        return true;
    }

    /** Messages handed over so far (may be read from other threads). */
    long sent();

    /** Time the sender spent waiting for room at the receiver (may be read from other threads). */
    default long backPressuredNanos() {
        return 0;
    }
}
