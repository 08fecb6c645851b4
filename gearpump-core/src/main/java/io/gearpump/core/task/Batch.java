package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * What travels between two tasks: {@code size} messages from one upstream channel, then the
 * sender's watermark as of the last of them. The last batch of a channel has {@code endOfStream}.
 * A checkpoint's barrier travels alone, in order with the data: {@code barrier} is the checkpoint's
 * id ({@link #NO_BARRIER} in every other batch). The array belongs to the receiver once sent. A
 * batch from another JVM has no array yet: its {@code remote} body is decoded by the receiving
 * task's thread. {@code handedNanos} is when the sender handed a data batch over (or, from another
 * JVM, when it arrived), on the receiving task's clock: where receive latency is measured from.
 */
record Batch(Message[] messages, int size, int channel, long watermark, boolean endOfStream, long barrier, RemoteBody remote,
             long handedNanos) {

    static final long NO_BARRIER = 0;
    private static final Message[] NONE = new Message[0];

    static Batch of(Message[] messages, int size, int channel, long watermark, long handedNanos) {
        return new Batch(messages, size, channel, watermark, false, NO_BARRIER, null, handedNanos);
    }

    static Batch watermarkOnly(int channel, long watermark) {
        return new Batch(NONE, 0, channel, watermark, false, NO_BARRIER, null, 0);
    }

    static Batch endOfStream(int channel) {
        return new Batch(NONE, 0, channel, Long.MAX_VALUE, true, NO_BARRIER, null, 0);
    }

    static Batch barrier(int channel, long watermark, long checkpointId) {
        return new Batch(NONE, 0, channel, watermark, false, checkpointId, null, 0);
    }

    static Batch remote(int size, int channel, long watermark, boolean endOfStream, long barrier, RemoteBody body,
                        long arrivedNanos) {
        return new Batch(null, size, channel, watermark, endOfStream, barrier, body, arrivedNanos);
    }

    boolean isBarrier() {
        return barrier != NO_BARRIER;
    }
}
