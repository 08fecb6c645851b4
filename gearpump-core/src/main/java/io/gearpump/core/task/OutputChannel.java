package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * The stream from one task to one downstream task: a buffer handed over whole to the downstream
 * inbox when it fills or when the sender flushes. Confined to the sending task's thread.
 */
final class OutputChannel {

    private final Inbox target;
    private final int channel;
    private final int batchSize;
    private final OutputRouter owner;
    private Message[] buffer;
    private int size;
    private long watermarkSent = Long.MIN_VALUE;

    OutputChannel(Inbox target, int channel, int batchSize, OutputRouter owner) {
        this.target = target;
        this.channel = channel;
        this.batchSize = batchSize;
        this.owner = owner;
        this.buffer = new Message[batchSize];
    }

    void add(Message m) {
        buffer[size++] = m;
        if (size == batchSize) {
            flush(owner.watermark());
        }
    }

    /** Hands over what is buffered; with nothing buffered, sends the watermark if it advanced. */
    void flush(long watermark) {
        if (size > 0) {
            send(new Batch(buffer, size, channel, watermark, false));
            owner.countSent(size);
            buffer = new Message[batchSize];
            size = 0;
            watermarkSent = watermark;
        } else if (watermark > watermarkSent) {
            send(Batch.watermarkOnly(channel, watermark));
            watermarkSent = watermark;
        }
    }

    void endOfStream() {
        flush(owner.watermark());
        send(Batch.endOfStream(channel));
    }

    private void send(Batch b) {
        try {
            target.put(b);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TaskKilledException();
        }
    }
}
