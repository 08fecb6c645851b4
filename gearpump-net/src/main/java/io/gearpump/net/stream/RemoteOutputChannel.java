package io.gearpump.net.stream;

import io.gearpump.core.api.Message;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.task.OutputChannel;
import io.gearpump.core.task.StreamKey;
import io.gearpump.net.loop.Connection;

import java.util.function.LongSupplier;

/**
 * A task's stream to a task in another JVM. Messages are buffered like a local channel; a flush
 * serializes them on the sending task's thread into DATA frames, but only as many as the receiver
 * has granted credit for: with no credit the sending task waits, and only this stream's sender does,
 * so the shared connection and every other stream keep moving.
 */
final class RemoteOutputChannel implements OutputChannel {

    /** Gives the connection to the receiver's JVM, waiting for it to be established if needed. */
    interface ConnectionSource {
        Connection await() throws StreamLostException, InterruptedException;
    }

    private final StreamKey key;
    private final Message[] buffer;
    private final LongSupplier watermark;
    private final StreamCredit credit;
    private final ConnectionSource connectionSource;
    private final ThreadLocal<WireCodec> codecs;
    /** How often a sender waiting for its queued frames to be written checks that the connection is still open. */
    private static final long QUEUE_CHECK_NANOS = 10_000_000;

    private final FrameBuffers frames = new FrameBuffers();
    private volatile long queueWaitNanos; // the sender's waits for its queued frames, for back-pressure metrics
    private Connection connection;
    private int size;
    private boolean flushWanted; // a message came since the last flush
    private long watermarkSent = Long.MIN_VALUE;
    private volatile long sent; // written by the sending task per flush, read by status

    RemoteOutputChannel(StreamKey key, int batchSize, LongSupplier watermark, StreamCredit credit,
                        ConnectionSource connectionSource, ThreadLocal<WireCodec> codecs) {
        this.key = key;
        this.buffer = new Message[batchSize];
        this.watermark = watermark;
        this.credit = credit;
        this.connectionSource = connectionSource;
        this.codecs = codecs;
    }

    @Override
    public boolean add(Message message) {
        boolean first = !flushWanted;
        buffer[size++] = message;
        if (size == buffer.length) {
            flush(watermark.getAsLong());
        }
        flushWanted = true; // the sender lists this channel until its next flush
        return first;
    }

    @Override
    public void flush(long wm) {
        flushWanted = false;
        try {
            openIfNeeded();
            if (size > 0) {
                for (int from = 0; from < size; ) {
                    for (int granted = credit.acquire(size - from); granted > 0; ) {
                        FrameBuffers.Buffer f = frame(from, granted, wm, false, StreamFrames.NO_BARRIER);
                        int n = f.messages(); // (read before sending: once written, the buffer is the pool's)
                        send(f);
                        from += n;
                        granted -= n;
                    }
                }
                sent += size;
                java.util.Arrays.fill(buffer, 0, size, null);
                size = 0;
                watermarkSent = wm;
            } else if (wm > watermarkSent) {
                send(frame(0, 0, wm, false, StreamFrames.NO_BARRIER));
                watermarkSent = wm;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while sending on stream " + describe(), e);
        } catch (StreamLostException e) {
            throw new IllegalStateException("stream " + describe() + " is lost: " + e.getMessage(), e);
        }
    }

    @Override
    public void barrier(long checkpointId) {
        long wm = watermark.getAsLong();
        flush(wm);
        control(wm, false, checkpointId, "sending a barrier on");
    }

    @Override
    public void endOfStream() {
        flush(Long.MAX_VALUE);
        control(Long.MAX_VALUE, true, StreamFrames.NO_BARRIER, "ending");
    }

    @Override
    public long backPressuredNanos() {
        return credit.waitedNanos() + queueWaitNanos;
    }

    /**
     * Encodes a DATA frame of up to {@code count} buffered messages from {@code from} into a pooled
     * buffer, first waiting while this stream has {@link FrameBuffers#MAX_QUEUED} frames unwritten.
     */
    private FrameBuffers.Buffer frame(int from, int count, long wm, boolean endOfStream, long barrier)
            throws StreamLostException {
        while (frames.full()) {
            if (connection != null && !connection.isOpen()) {
                throw new StreamLostException("connection closed: " + connection.closeReason());
            }
            long start = System.nanoTime();
            frames.awaitRoom(QUEUE_CHECK_NANOS);
            queueWaitNanos += System.nanoTime() - start;
        }
        return StreamFrames.data(frames.take(), codecs.get(), key.appId(), key.stream(), buffer, from, count, wm,
                endOfStream, barrier);
    }

    /** Sends a frame without messages (it needs no credit). */
    private void control(long wm, boolean endOfStream, long barrier, String doing) {
        try {
            send(frame(0, 0, wm, endOfStream, barrier));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while " + doing + " stream " + describe(), e);
        } catch (StreamLostException e) {
            throw new IllegalStateException("stream " + describe() + " is lost: " + e.getMessage(), e);
        }
    }

    @Override
    public long sent() {
        return sent;
    }

    /** The first use connects to the receiver's JVM and waits until the receiver opens the stream. */
    private void openIfNeeded() throws StreamLostException, InterruptedException {
        if (connection == null) {
            connection = connectionSource.await();
            credit.awaitOpen();
        }
    }

    private void send(FrameBuffers.Buffer frame) throws StreamLostException, InterruptedException {
        openIfNeeded();
        if (!connection.send(frame)) {
            throw new StreamLostException("connection closed: " + connection.closeReason());
        }
    }

    /** Without the app: key.appId() is the run's key (an attempt in an executor), and the sending task names the app. */
    private String describe() {
        return "#" + key.stream() + " (task " + key.from() + " -> task " + key.to() + ")";
    }
}
