package io.gearpump.net.stream;

import io.gearpump.net.loop.OutboundFrame;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * The frame buffers of one stream's sender: it encodes into them on its own thread, and whichever
 * thread writes a frame to the socket gives its buffer back (a lock-free stack through the buffers
 * themselves), so steady sending allocates nothing. Usually the sender writes its own frame and takes
 * the same buffer again. While the socket is full, frames queue on the connection: at most
 * {@link #MAX_QUEUED} per stream, then the sender waits for one to be written, so a sender's memory is
 * a few frames whatever its messages' size or its credit (which counts messages, not bytes).
 */
final class FrameBuffers {

    /**
     * Buffers kept for reuse beyond which given-back ones are left to the collector. Credit bounds the
     * data frames in flight (window / batch, 16 by default), so keeping that many costs no more memory
     * than the stream already used at its peak, and a burst does not grow fresh buffers again.
     */
    private static final int MAX_KEPT = 32;
    private static final int FIRST_BYTES = 4096;
    /** Frames of one stream queued on the connection (taken and not yet written) before the sender waits. */
    static final int MAX_QUEUED = 16;

    private final AtomicReference<Buffer> givenBack = new AtomicReference<>();
    private final AtomicInteger queued = new AtomicInteger(); // taken and not yet given back
    private volatile Thread waiting; // the sender, while it waits for room
    private Buffer free; // the sender's thread only
    private int freeCount;

    /** A buffer to encode into (the sender's thread). */
    Buffer take() {
        queued.incrementAndGet();
        if (free == null) {
            takeGivenBack();
        }
        Buffer b = free;
        if (b == null) {
            return new Buffer(new byte[FIRST_BYTES]);
        }
        free = b.next;
        freeCount--;
        b.next = null;
        return b;
    }

    private void takeGivenBack() {
        Buffer b = givenBack.getAndSet(null);
        while (b != null && freeCount < MAX_KEPT) {
            Buffer next = b.next;
            b.next = free;
            free = b;
            freeCount++;
            b = next;
        }
    }

    private void giveBack(Buffer b) {
        Buffer head;
        do {
            head = givenBack.get();
            b.next = head;
        } while (!givenBack.compareAndSet(head, b));
        queued.decrementAndGet();
        Thread w = waiting;
        if (w != null) {
            LockSupport.unpark(w);
        }
    }

    /** So many frames are queued that the sender should wait before encoding another. */
    boolean full() {
        return queued.get() >= MAX_QUEUED;
    }

    /**
     * Waits (the sender's thread) until a queued frame was written or {@code nanos} passed; the caller
     * checks the connection between waits, since a closing connection drops its frames unwritten.
     */
    void awaitRoom(long nanos) {
        waiting = Thread.currentThread();
        try {
            if (full()) {
                LockSupport.parkNanos(this, nanos);
            }
        } finally {
            waiting = null;
        }
    }

    /** One frame's bytes: filled by the sender, then queued on the connection until written. */
    final class Buffer extends OutboundFrame {
        private byte[] array;
        private ByteBuffer bytes;
        private int messages;
        private Buffer next;

        private Buffer(byte[] array) {
            this.array = array;
            this.bytes = ByteBuffer.wrap(array);
        }

        /** Where to encode the frame. */
        byte[] array() {
            return array;
        }

        /**
         * The frame is the first {@code length} bytes of {@code encoded} (this buffer's array, or a larger
         * copy of it) and holds {@code messages} messages.
         */
        Buffer filled(byte[] encoded, int length, int messages) {
            this.messages = messages;
            if (encoded != array) {
                array = encoded;
                bytes = ByteBuffer.wrap(encoded);
            }
            bytes.limit(length).position(0);
            return this;
        }

        int messages() {
            return messages;
        }

        @Override
        protected ByteBuffer bytes() {
            return bytes;
        }

        @Override
        protected void written() {
            giveBack(this);
        }
    }
}
