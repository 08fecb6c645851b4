package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * The stream from one task to a downstream task in the same JVM: a buffer handed over whole, by
 * reference, to the downstream inbox when it fills or when the sender flushes. Confined to the
 * sending task's thread.
 */
final class LocalChannel implements OutputChannel {

    private final LocalLinks links;
    private final Inbox target;
    private final int channel;
    private Message[] buffer;
    private int size;
    private boolean flushWanted; // a message came since the last flush
    private long watermarkSent = Long.MIN_VALUE;

    LocalChannel(LocalLinks links, Inbox target, int channel) {
        this.links = links;
        this.target = target;
        this.channel = channel;
        // the buffer is allocated at the first message: a channel that carries nothing holds nothing
    }

    @Override
    public boolean add(Message m) {
        if (buffer == null) {
            buffer = new Message[links.batchSize];
        }
        buffer[size++] = m;
        boolean first = size == 1 && !flushWanted; // looked at once per batch, not per message
        if (first) {
            flushWanted = true;
        }
        if (size == links.batchSize) {
            handOver(links.watermark.getAsLong());
        }
        return first;
    }

    /** Hands over what is buffered; with nothing buffered, sends the watermark if it advanced. */
    @Override
    public void flush(long watermark) {
        flushWanted = false;
        if (size > 0) {
            handOver(watermark);
        } else if (links.watermarkAlone && watermark > watermarkSent) {
            send(Batch.watermarkOnly(channel, watermark));
            watermarkSent = watermark;
        }
    }

    private void handOver(long watermark) {
        send(Batch.of(buffer, size, channel, watermark, links.clock.nanoTime()));
        links.handedOver(size);
        buffer = null; // it went with the batch; the next message allocates one
        size = 0;
        watermarkSent = watermark;
    }

    @Override
    public void barrier(long checkpointId) {
        long w = links.watermark.getAsLong();
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
        return links.watermarkAlone;
    }

    /** Counted for all the sender's channels of the edge together, by {@link LocalLinks#sent}. */
    @Override
    public long sent() {
        return 0;
    }

    private void send(Batch b) {
        links.send(target, b);
    }
}
