package io.gearpump.net.loop;

import io.gearpump.net.frame.FrameDecoder;
import io.gearpump.net.frame.FrameException;
import io.gearpump.net.frame.FrameView;

import java.io.IOException;
import java.net.SocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.SocketChannel;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A framed, non-blocking socket owned by one event loop. Any thread may {@link #send} a frame: the
 * first sender to find the write path free writes itself (no hop to the loop for a lone frame), and
 * whatever else is queued meanwhile goes out in the same gathering writes (up to 1 MiB each); only
 * when the socket is full does the loop take over, on OP_WRITE. A frame's sender hears when it is
 * written ({@link OutboundFrame#written}), so its buffer can be reused. Reads are cut into frames
 * and handed to the handler on the loop thread, in place in the bytes read ({@link FrameView}). Bad
 * bytes from the peer close this connection only, with the reason logged.
 *
 * <p>Threads: {@code outbound}, {@code flushScheduled}, {@code closed} and the counters are shared;
 * {@code writing} and {@code gather} belong to the owner of the write path (see {@link #flush});
 * everything else belongs to the loop thread.
 */
public final class Connection implements EventLoop.Ready {

    private static final Logger LOG = LoggerFactory.getLogger(Connection.class);
    private static final WarningLimiter REFUSED = new WarningLimiter(1_000);
    private static final int MAX_GATHER = 64;
    private static final long MAX_WRITE = 1 << 20;

    private final EventLoop loop;
    private final SocketChannel channel;
    private final FrameDecoder decoder;
    private final int maxFrameBytes;
    private final String name;
    private volatile ConnectionHandler handler;
    private final ConcurrentLinkedQueue<OutboundFrame> outbound = new ConcurrentLinkedQueue<>();
    private final AtomicBoolean flushScheduled = new AtomicBoolean();
    private final AtomicBoolean closeOnce = new AtomicBoolean();
    private final AtomicLong bytesSent = new AtomicLong();
    private final AtomicLong bytesReceived = new AtomicLong();
    private final OutboundFrame[] writing = new OutboundFrame[MAX_GATHER]; // taken from outbound, not yet fully written
    private int writingCount;
    private final ByteBuffer[] gather = new ByteBuffer[MAX_GATHER];
    private final FrameDecoder.ViewSink deliver = this::deliver;
    private SelectionKey key;
    private volatile boolean closed;
    private volatile String closeReason;
    private volatile Object attachment;

    Connection(EventLoop loop, SocketChannel channel, int maxFrameBytes, ConnectionHandler handler) {
        this.loop = loop;
        this.channel = channel;
        this.decoder = new FrameDecoder(maxFrameBytes);
        this.maxFrameBytes = maxFrameBytes;
        this.handler = handler;
        this.name = describe(channel);
    }

    /** On the loop: starts reading and tells the handler. */
    void register() throws IOException {
        key = channel.register(loop.selector(), SelectionKey.OP_READ, this);
        handler.onOpen(this);
    }

    /**
     * Queues one frame ({@code [int length][payload]}, position at its start) for sending. Returns
     * false, dropping it, when the connection is closed.
     */
    public boolean send(ByteBuffer frame) {
        return send(OutboundFrame.of(frame));
    }

    /**
     * Queues one frame for sending; {@code frame} hears when it is written. Returns false, dropping it,
     * when the connection is closed.
     */
    public boolean send(OutboundFrame frame) {
        if (closed) {
            return false;
        }
        outbound.add(frame);
        if (flushScheduled.compareAndSet(false, true)) {
            flush(); // we own the write path now: write at once, saving a hop to the loop thread
        }
        return true;
    }

    /** Frames {@code payload} (length prefix added) and sends it. */
    public boolean sendPayload(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(4 + payload.length);
        b.putInt(payload.length).put(payload).flip();
        return send(b);
    }

    /** Closes the connection (from any thread); the handler hears {@code reason}. */
    public void close(String reason) {
        if (loop.inLoop()) {
            closeNow(reason);
        } else {
            loop.execute(() -> closeNow(reason));
        }
    }

    /** Replaces the handler (e.g. once a handshake is done); call on the loop thread. */
    public void handler(ConnectionHandler next) {
        this.handler = next;
    }

    public ConnectionHandler handler() {
        return handler;
    }

    /** The largest frame accepted from the peer as configured ({@code gearpump.net.frame.max.bytes}). */
    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /**
     * Accepts frames of at most {@code maxBytes} (never more than {@link #maxFrameBytes()}) from the
     * peer's next frame on, e.g. a small limit until the peer has authenticated; {@code limitName}
     * says in the close reason which limit a refused frame broke. Call on the loop thread.
     */
    public void frameLimit(int maxBytes, String limitName) {
        if (!loop.inLoop()) {
            throw new IllegalStateException("the frame limit of " + this + " is changed on its loop thread only");
        }
        decoder.maxFrameBytes(Math.min(maxBytes, maxFrameBytes), limitName);
    }

    /** Back to the configured maximum. Call on the loop thread. */
    public void resetFrameLimit() {
        frameLimit(maxFrameBytes, FrameDecoder.CONFIGURED_LIMIT);
    }

    public EventLoop loop() {
        return loop;
    }

    public boolean isOpen() {
        return !closed;
    }

    public String closeReason() {
        return closeReason;
    }

    public long bytesSent() {
        return bytesSent.get();
    }

    public long bytesReceived() {
        return bytesReceived.get();
    }

    /** A slot for whoever owns the connection (its protocol session). */
    public Object attachment() {
        return attachment;
    }

    public void attach(Object value) {
        this.attachment = value;
    }

    @Override
    public void onReady(SelectionKey k) {
        if (k.isValid() && k.isWritable()) {
            k.interestOpsAnd(~SelectionKey.OP_WRITE);
            flush();
        }
        if (k.isValid() && k.isReadable()) {
            read();
        }
    }

    private void read() {
        try {
            for (int reads = 0; reads < 16 && !closed; reads++) {
                int n = decoder.readFrom(channel, deliver);
                if (n < 0) {
                    closeNow("closed by the peer");
                    return;
                }
                if (n == 0) {
                    return;
                }
                bytesReceived.addAndGet(n);
            }
        } catch (FrameException e) {
            String reason = "bad frame from the peer: " + e.getMessage();
            REFUSED.warn(LOG, name + ": " + reason); // hostile or misconfigured peers: an operator should see them
            closeNow(reason);
        } catch (IOException e) {
            closeNow("read failed: " + e.getMessage());
        }
    }

    private void deliver(FrameView frame) throws FrameException {
        if (closed) {
            return;
        }
        try {
            handler.onFrame(this, frame);
        } catch (FrameException e) {
            throw e;
        } catch (Exception e) {
            throw new FrameException("cannot handle a frame of " + frame.length() + " bytes: " + e);
        } catch (StackOverflowError | OutOfMemoryError e) {
            // Decoding hostile bytes (deep nesting, a huge claimed array length) fails on this frame
            // only: the stack is unwound and the failed allocation never happened, so closing this
            // connection keeps the loop serving every other one instead of letting the error kill it.
            throw new FrameException("cannot handle a frame of " + frame.length() + " bytes: " + e);
        }
    }

    /**
     * Writes what is queued. Only the owner of the write path runs it: whoever set
     * {@code flushScheduled} (a sending thread, or the loop once the socket was full); it gives the
     * path back by clearing the flag, or hands it to the loop by waiting for OP_WRITE.
     */
    private void flush() {
        if (closed) {
            return;
        }
        try {
            while (true) {
                long bytes = 0;
                for (int i = 0; i < writingCount; i++) {
                    ByteBuffer b = writing[i].bytes();
                    gather[i] = b;
                    bytes += b.remaining();
                }
                OutboundFrame next;
                while (writingCount < MAX_GATHER && bytes < MAX_WRITE && (next = outbound.poll()) != null) {
                    writing[writingCount] = next;
                    ByteBuffer b = next.bytes();
                    gather[writingCount++] = b;
                    bytes += b.remaining();
                }
                int count = writingCount;
                if (count == 0) {
                    flushScheduled.set(false);
                    if (outbound.isEmpty() || !flushScheduled.compareAndSet(false, true)) {
                        return; // a racing send either saw the flag clear and scheduled a flush, or we continue
                    }
                    continue;
                }
                long written = channel.write(gather, 0, count);
                bytesSent.addAndGet(written);
                java.util.Arrays.fill(gather, 0, count, null);
                int done = 0;
                while (done < count && !writing[done].bytes().hasRemaining()) {
                    writing[done++].written();
                }
                System.arraycopy(writing, done, writing, 0, count - done);
                java.util.Arrays.fill(writing, count - done, count, null);
                writingCount = count - done;
                if (writingCount > 0) {
                    key.interestOpsOr(SelectionKey.OP_WRITE); // socket full: the loop takes over when writable
                    if (!loop.inLoop()) {
                        loop.selector().wakeup(); // a select already blocking would not see the new interest
                    }
                    return;
                }
            }
        } catch (IOException | java.nio.channels.CancelledKeyException e) {
            close("write failed: " + e.getMessage());
        }
    }

    private void closeNow(String reason) {
        if (!closeOnce.compareAndSet(false, true)) {
            return;
        }
        closed = true;
        closeReason = reason;
        if (key != null) {
            key.cancel();
        }
        try {
            channel.close();
        } catch (IOException e) {
            LOG.debug("{}: close", name, e);
        }
        outbound.clear(); // (writing belongs to the write path's owner; it fails on the closed channel)
        LOG.debug("{}: connection closed: {}", name, reason); // routine: failovers try every master
        handler.onClose(this, reason);
    }

    /** Told by the loop when it closes underneath us. */
    void closed(String reason) {
        closeNow(reason);
    }

    private static String describe(SocketChannel channel) {
        try {
            SocketAddress local = channel.getLocalAddress();
            SocketAddress remote = channel.getRemoteAddress();
            return local + "<->" + remote;
        } catch (IOException e) {
            return channel.toString();
        }
    }

    @Override
    public String toString() {
        return "connection " + name;
    }
}
