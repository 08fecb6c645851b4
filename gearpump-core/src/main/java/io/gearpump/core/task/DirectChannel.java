package io.gearpump.core.task;

import io.gearpump.core.api.Message;

import java.util.function.LongSupplier;

/**
 * A one-to-one edge between two tasks chained on one thread (operator chaining): each message goes
 * straight into the downstream task's {@code onNext}, on the sending task's thread, with no batch,
 * queue or wake-up in between; flushes, barriers and the end of the stream follow in order. A failure
 * of the downstream task is marked as its own ({@link ChainedTaskFailure}). Confined to the sending
 * task's thread, except {@link #sent()}.
 */
final class DirectChannel implements OutputChannel {

    private final TaskCore receiver;
    private final LongSupplier watermark; // the sender's
    private boolean flushWanted;
    private long sent;
    private volatile long sentPublished;

    DirectChannel(TaskCore receiver, LongSupplier watermark) {
        this.receiver = receiver;
        this.watermark = watermark;
    }

    @Override
    public boolean add(Message message) {
        try {
            receiver.chainedNext(message);
        } catch (RuntimeException e) {
            throw ChainedTaskFailure.of(receiver.runner(), e);
        }
        sent++;
        boolean first = !flushWanted;
        flushWanted = true;
        return first;
    }

    @Override
    public void flush(long w) {
        flushWanted = false;
        sentPublished = sent;
        try {
            receiver.chainedFlush(w);
        } catch (RuntimeException e) {
            throw ChainedTaskFailure.of(receiver.runner(), e);
        }
    }

    @Override
    public void barrier(long checkpointId) {
        flushWanted = false;
        sentPublished = sent;
        try {
            receiver.chainedBarrier(checkpointId, watermark.getAsLong());
        } catch (RuntimeException e) {
            throw ChainedTaskFailure.of(receiver.runner(), e);
        }
    }

    @Override
    public void endOfStream() {
        flushWanted = false;
        sentPublished = sent;
        try {
            receiver.chainedEnd();
        } catch (RuntimeException e) {
            throw ChainedTaskFailure.of(receiver.runner(), e);
        }
    }

    @Override
    public long sent() {
        return sentPublished;
    }
}
