package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * What travels between two tasks: {@code size} messages from one upstream channel, then the
 * sender's watermark as of the last of them. The last batch of a channel has {@code endOfStream}.
 * A checkpoint's barrier travels alone, in order with the data: {@code barrier} is the checkpoint's
 * id ({@link #NO_BARRIER} in every other batch). The array belongs to the receiver once sent. A
 * batch from another JVM has no array yet: its {@code remote} body is decoded by the receiving
 * task's thread.
 */
record Batch(Message[] messages, int size, int channel, long watermark, boolean endOfStream, long barrier, RemoteBody remote) {

    static final long NO_BARRIER = 0;
    private static final Message[] NONE = new Message[0];

    static Batch of(Message[] messages, int size, int channel, long watermark) {
        return new Batch(messages, size, channel, watermark, false, NO_BARRIER, null);
    }

    static Batch watermarkOnly(int channel, long watermark) {
        return new Batch(NONE, 0, channel, watermark, false, NO_BARRIER, null);
    }

    static Batch endOfStream(int channel) {
        return new Batch(NONE, 0, channel, Long.MAX_VALUE, true, NO_BARRIER, null);
    }

    static Batch barrier(int channel, long watermark, long checkpointId) {
        return new Batch(NONE, 0, channel, watermark, false, checkpointId, null);
    }

    static Batch remote(int size, int channel, long watermark, boolean endOfStream, long barrier, RemoteBody body) {
        return new Batch(null, size, channel, watermark, endOfStream, barrier, body);
    }

    boolean isBarrier() {
        return barrier != NO_BARRIER;
    }
}
