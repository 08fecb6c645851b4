package io.gearpump.net.stream;

import io.gearpump.core.api.Message;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.task.RemoteBody;
import io.gearpump.core.task.StreamKey;
import io.gearpump.core.task.TaskRunner;
import io.gearpump.net.frame.FrameView;
import io.gearpump.net.frame.KeptFrame;
import io.gearpump.net.loop.Connection;

/**
 * The receiving end of one stream from another JVM. The event loop hands each DATA frame, still
 * encoded and kept where it was read, to the receiving task's inbox (credit guarantees room, so the
 * loop never waits); the task decodes it into an array it reuses, releases the bytes, and, as it
 * consumes messages, grants the sender credit again in steps of a quarter window, so a stalled task
 * stops only its own senders.
 *
 * <p>Threads: {@link #attach} and {@link #onData} on the event loop; {@link #consumed} on the task
 * thread; {@code connection} is volatile between them.
 */
final class InboundStream {

    private static final Message[] NONE = new Message[0];

    private final StreamKey key;
    private final TaskRunner receiver;
    private final int channel;
    private final int window;
    private final int grantStep;
    private final ThreadLocal<WireCodec> codecs;
    private volatile Connection connection;
    private int consumedSinceGrant; // task thread only
    private Message[] decoded = NONE; // task thread only: reused for every batch, the task is done with the last

    InboundStream(StreamKey key, TaskRunner receiver, int channel, int window, ThreadLocal<WireCodec> codecs) {
        this.key = key;
        this.receiver = receiver;
        this.channel = channel;
        this.window = window;
        this.grantStep = Math.max(1, window / 4);
        this.codecs = codecs;
    }

    StreamKey key() {
        return key;
    }

    /** The connection to the sender's JVM is up: open the stream with a full window of credit. */
    void attach(Connection c) {
        if (connection == null) {
            connection = c;
            c.send(StreamFrames.credit(key.appId(), key.stream(), window));
        }
    }

    void onData(FrameView frame, StreamFrames.DataHeader h) {
        RemoteBody body = h.count() == 0 ? EmptyBody.INSTANCE : frame.keep(new EncodedBody(h.bodyOffset(), h.count()));
        receiver.deliverRemote(channel, h.count(), h.watermark(), h.endOfStream(), h.barrier(), body);
    }

    /** The sender's JVM is gone: the receiving task fails with the reason when it reaches this point. */
    void lost(String reason) {
        receiver.deliverRemote(channel, 1, Long.MIN_VALUE, false, StreamFrames.NO_BARRIER, new LostBody(
                "stream #" + key.stream() + " from task " + key.from() + " is lost: " + reason)); // the receiving task names the app
    }

    private void consumed(int messages) {
        consumedSinceGrant += messages;
        if (consumedSinceGrant >= grantStep) {
            Connection c = connection;
            if (c != null) {
                c.send(StreamFrames.credit(key.appId(), key.stream(), consumedSinceGrant));
            }
            consumedSinceGrant = 0;
        }
    }

    private final class EncodedBody extends KeptFrame implements RemoteBody {
        private final int bodyOffset;
        private final int count;

        EncodedBody(int bodyOffset, int count) {
            this.bodyOffset = bodyOffset;
            this.count = count;
        }

        @Override
        public Message[] decode() {
            try {
                decoded = StreamFrames.readMessages(codecs.get(), array(), offset() + bodyOffset, offset() + length(), count,
                        decoded);
                return decoded;
            } finally {
                release();
            }
        }

        @Override
        public void consumed(int messages) {
            InboundStream.this.consumed(messages);
        }
    }

    private enum EmptyBody implements RemoteBody {
        INSTANCE;

        @Override
        public Message[] decode() {
            return NONE;
        }

        @Override
        public void consumed(int messages) {
        }
    }

    private record LostBody(String reason) implements RemoteBody {
        @Override
        public Message[] decode() {
            throw new IllegalStateException(reason);
        }

        @Override
        public void consumed(int messages) {
        }
    }
}
