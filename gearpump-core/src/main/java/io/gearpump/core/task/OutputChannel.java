package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * Where a task's output to one downstream task goes: buffered, then handed over when the buffer
 * fills or the task flushes. In the same JVM that is a {@link LocalChannel}; across JVMs the
 * transport provides one. Confined to the sending task's thread, except {@link #sent()}.
 */
public interface OutputChannel {

    /**
     * Buffers {@code message} (handing the buffer over when it is full). Returns true when the channel
     * has just begun to need a {@link #flush}: the first message since the last one.
     */
    boolean add(Message message);

    /** Hands over what is buffered, stamped with {@code watermark}; sends the watermark alone if it advanced. */
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
