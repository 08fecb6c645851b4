package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * The stream from one task to a downstream task in the same JVM: a buffer handed over whole, by
 * reference, to the downstream inbox when it fills or when the sender flushes. Confined to the
 * sending task's thread.
 */
final class LocalChannel implements OutputChannel {

    private final Inbox target;
    private final int channel;
    private final int batchSize;
    private final java.util.function.LongSupplier watermark;
    private final NanoClock clock;
    private final boolean watermarkAlone;
    private Message[] buffer;
    private int size;
    private boolean flushWanted; // a message came since the last flush
    private long watermarkSent = Long.MIN_VALUE;

    private volatile long sent; // written by the sending task per batch, read by status
    private volatile long backPressuredNanos; // written by the sending task after a wait, read by metrics
    private volatile long waitingSince;       // the same; nonzero while the sending task waits for room
    private final java.util.function.LongConsumer waitStarted = since -> waitingSince = since;

    /** {@code watermarkAlone}: false when the sender publishes its watermark to {@link ProcessorWatermarks} instead. */
    LocalChannel(Inbox target, int channel, int batchSize, java.util.function.LongSupplier watermark, NanoClock clock,
                 boolean watermarkAlone) {
        this.clock = clock;
        this.watermarkAlone = watermarkAlone;
        this.target = target;
        this.channel = channel;
        this.batchSize = batchSize;
        this.watermark = watermark;
        // the buffer is allocated at the first message: a channel that carries nothing holds nothing
    }

    @Override
    public boolean add(Message m) {
        if (buffer == null) {
            buffer = new Message[batchSize];
        }
        buffer[size++] = m;
        boolean first = size == 1 && !flushWanted; // looked at once per batch, not per message
        if (first) {
            flushWanted = true;
        }
        if (size == batchSize) {
            handOver(watermark.getAsLong());
        }
        return first;
    }

    /** Hands over what is buffered; with nothing buffered, sends the watermark if it advanced. */
    @Override
    public void flush(long watermark) {
        flushWanted = false;
        if (size > 0) {
            handOver(watermark);
        } else if (watermarkAlone && watermark > watermarkSent) {
            send(Batch.watermarkOnly(channel, watermark));
            watermarkSent = watermark;
        }
    }

    private void handOver(long watermark) {
        send(Batch.of(buffer, size, channel, watermark, clock.nanoTime()));
        sent += size;
        buffer = null; // it went with the batch; the next message allocates one
        size = 0;
        watermarkSent = watermark;
    }

    @Override
    public void barrier(long checkpointId) {
        long w = watermark.getAsLong();
        flush(w);
        send(Batch.barrier(channel, w, checkpointId));
    }

    @Override
    public void endOfStream() {
        flush(Long.MAX_VALUE);
        send(Batch.endOfStream(channel));
    }

    @Override
    public boolean sendsWatermarkAlone() {
        return watermarkAlone;
    }

    @Override
    public long sent() {
        return sent;
    }

    /** Waits that ended, and the one under way (a gauge: the two reads may straddle a wait's end). */
    @Override
    public long backPressuredNanos() {
        long since = waitingSince;
        return backPressuredNanos + (since == 0 ? 0 : Math.max(0, System.nanoTime() - since));
    }

    private void send(Batch b) {
        try {
            long waited = target.put(b, waitStarted);
            if (waited > 0) {
                waitingSince = 0;
                backPressuredNanos += waited;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskKilledException();
        }
    }
}
