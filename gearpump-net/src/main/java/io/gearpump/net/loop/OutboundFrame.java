package io.gearpump.net.loop;

import java.nio.ByteBuffer;

/**
 * A frame queued on a {@link Connection}: {@code [int length][payload]} from the buffer's position to
 * its limit. {@link #written} is called once its last byte went to the socket, on the thread that
 * wrote it, so a sender can reuse the buffer; a frame dropped by a closing connection is never told.
 */
public abstract class OutboundFrame {

    /** The bytes to write; the connection advances the position as it writes. */
    protected abstract ByteBuffer bytes();

    /** Every byte is written. */
    protected void written() {
    }

    static OutboundFrame of(ByteBuffer bytes) {
        return new OutboundFrame() {
            @Override
            protected ByteBuffer bytes() {
                return bytes;
            }
        };
    }
}
