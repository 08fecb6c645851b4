package io.gearpump.net.stream;

import io.gearpump.net.loop.OutboundFrame;

import java.nio.ByteBuffer;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The frame buffers of one stream's sender: it encodes into them on its own thread, and whichever
 * thread writes a frame to the socket gives its buffer back (a lock-free stack through the buffers
 * themselves), so steady sending allocates nothing. Usually the sender writes its own frame and takes
 * the same buffer again; buffers pile up only while the socket is full, bounded by the stream's credit.
 */
final class FrameBuffers {

    /**
     * Buffers kept for reuse beyond which given-back ones are left to the collector. Credit bounds the
     * data frames in flight (window / batch, 16 by default), so keeping that many costs no more memory
     * than the stream already used at its peak, and a burst does not grow fresh buffers again.
     */
    private static final int MAX_KEPT = 32;
    private static final int FIRST_BYTES = 4096;

    private final AtomicReference<Buffer> givenBack = new AtomicReference<>();
    private Buffer free; // the sender's thread only
    private int freeCount;

    /** A buffer to encode into (the sender's thread). */
    Buffer take() {
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
    }

    /** One frame's bytes: filled by the sender, then queued on the connection until written. */
    final class Buffer extends OutboundFrame {
        private byte[] array;
        private ByteBuffer bytes;
        private Buffer next;

        private Buffer(byte[] array) {
            this.array = array;
            this.bytes = ByteBuffer.wrap(array);
        }

        /** Where to encode the frame. */
        byte[] array() {
            return array;
        }

        /** The frame is the first {@code length} bytes of {@code encoded} (this buffer's array, or a larger copy of it). */
        Buffer filled(byte[] encoded, int length) {
            if (encoded != array) {
                array = encoded;
                bytes = ByteBuffer.wrap(encoded);
            }
            bytes.limit(length).position(0);
            return this;
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
