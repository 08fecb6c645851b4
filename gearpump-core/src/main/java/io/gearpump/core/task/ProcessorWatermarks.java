package io.gearpump.core.task;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Arrays;

/**
 * The watermarks the tasks of one processor in this JVM have flushed: each task publishes, after
 * handing over everything it output, the watermark that covers it; receivers read the minimum over
 * the tasks. It replaces a watermark sent alone on each of a task's channels when there are
 * thousands of them (producers x consumers batches per interval would cost more than the data):
 * a receiver raises its idle local channels to this minimum once it has taken every batch that
 * was queued when it read it. Tasks of the processor running elsewhere do not count.
 *
 * <p>Threads: each task publishes its own slot; any receiver reads. The minimum is recomputed at
 * most once per {@link #REFRESH_NANOS} and shared, so a thousand receivers do not each scan a
 * thousand slots.
 */
final class ProcessorWatermarks {

    static final long REFRESH_NANOS = 1_000_000;
    private static final VarHandle SLOT = MethodHandles.arrayElementVarHandle(long[].class);

    private final long[] flushed; // by task index; MAX_VALUE where the task runs elsewhere
    private volatile long min = Long.MIN_VALUE;
    private volatile long computedAt;
    private volatile boolean computed;

    ProcessorWatermarks(int parallelism) {
        flushed = new long[parallelism];
        Arrays.fill(flushed, Long.MAX_VALUE);
    }

    /** Before start: task {@code index} runs here, so the minimum waits for it. */
    void runsHere(int index) {
        flushed[index] = Long.MIN_VALUE;
    }

    /** Task {@code index} handed over everything it output before watermark {@code w} (its thread only). */
    void publish(int index, long w) {
        if (w > (long) SLOT.getOpaque(flushed, index)) {
            SLOT.setRelease(flushed, index, w);
        }
    }

    /** The least watermark the processor's tasks here have flushed, at most {@link #REFRESH_NANOS} old. */
    long min(long nowNanos) {
        if (!computed || nowNanos - computedAt >= REFRESH_NANOS) {
            long m = Long.MAX_VALUE;
            for (int i = 0; i < flushed.length; i++) {
                m = Math.min(m, (long) SLOT.getAcquire(flushed, i));
            }
            min = m; // racing receivers compute the same or a later minimum: both hold
            computedAt = nowNanos;
            computed = true;
        }
        return min;
    }
}
