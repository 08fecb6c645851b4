package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * What travels between two tasks: {@code size} messages from one upstream channel, then the
 * sender's watermark as of the last of them. The last batch of a channel has {@code endOfStream}.
 * The array belongs to the receiver once sent.
 */
record Batch(Message[] messages, int size, int channel, long watermark, boolean endOfStream) {

    private static final Message[] NONE = new Message[0];

    static Batch watermarkOnly(int channel, long watermark) {
        return new Batch(NONE, 0, channel, watermark, false);
    }

    static Batch endOfStream(int channel) {
        return new Batch(NONE, 0, channel, Long.MAX_VALUE, true);
    }
}
