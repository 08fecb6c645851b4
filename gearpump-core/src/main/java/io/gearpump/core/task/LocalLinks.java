package io.gearpump.core.task;

import java.util.function.LongConsumer;
import java.util.function.LongSupplier;

/**
 * What every {@link LocalChannel} of one sending task on one edge shares: its batch size, where its
 * watermark comes from, whether it sends the watermark alone, the clock, what it handed over and
 * the time it waited for room downstream. Kept once per sender and edge, not per channel: a shuffle between
 * 5,000 and 5,000 tasks has 25 M channels, and each byte a channel carries costs 25 MB there.
 * Written by the sending task; the counts are read by status and metrics from any thread.
 */
final class LocalLinks {

    final int batchSize;
    final LongSupplier watermark;
    final NanoClock clock;
    final boolean watermarkAlone;
    private volatile long sent;               // messages handed over on all these channels
    private volatile long backPressuredNanos; // waits that ended
    private volatile long waitingSince;       // nonzero while the sending task waits for room
    final LongConsumer waitStarted = since -> waitingSince = since;

    /** {@code watermarkAlone}: false when the sender publishes its watermark to {@link ProcessorWatermarks} instead. */
    LocalLinks(int batchSize, LongSupplier watermark, NanoClock clock, boolean watermarkAlone) {
        this.batchSize = batchSize;
        this.watermark = watermark;
        this.clock = clock;
        this.watermarkAlone = watermarkAlone;
    }

    /** Puts {@code batch} into {@code target}, waiting while it is full (counted as back pressure). */
    void send(Inbox target, Batch batch) {
        try {
            long waited = target.put(batch, waitStarted);
            if (waited > 0) {
                waited(waited);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskKilledException();
        }
    }

    void handedOver(int messages) {
        sent += messages; // one writer, the sending task
    }

    long sent() {
        return sent;
    }

    private void waited(long nanos) {
        waitingSince = 0;
        backPressuredNanos += nanos;
    }

    /** Waits that ended, and the one under way (a gauge: the two reads may straddle a wait's end). */
    long backPressuredNanos() {
        long since = waitingSince;
        return backPressuredNanos + (since == 0 ? 0 : Math.max(0, System.nanoTime() - since));
    }
}
