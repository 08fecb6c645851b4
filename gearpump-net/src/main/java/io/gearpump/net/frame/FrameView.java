package io.gearpump.net.frame;

import java.util.Arrays;

/**
 * One frame's payload where it was read: {@code array()[offset(), offset() + length())}. Valid only
 * during the call that delivers it (the decoder reuses the view and, unless the frame is kept, the
 * bytes); {@link #copy} or {@link #keep} it to use it later.
 */
public final class FrameView {

    private ReadChunk chunk;
    private int offset;
    private int length;

    void set(ReadChunk chunk, int offset, int length) {
        this.chunk = chunk;
        this.offset = offset;
        this.length = length;
    }

    public byte[] array() {
        return chunk.array;
    }

    public int offset() {
        return offset;
    }

    public int length() {
        return length;
    }

    /** The payload's first byte (its kind); the payload must not be empty. */
    public byte kind() {
        return chunk.array[offset];
    }

    public byte[] copy() {
        return Arrays.copyOfRange(chunk.array, offset, offset + length);
    }

    /**
     * Keeps the payload in place until {@code into} is released, so whoever reads it later (a task)
     * needs no copy; when too much of the connection's memory is already kept, it is copied instead.
     */
    public <T extends KeptFrame> T keep(T into) {
        if (chunk.keepable()) {
            chunk.retain();
            into.keep(chunk.array, offset, length, chunk);
        } else {
            into.keep(copy(), 0, length, null);
        }
        return into;
    }
}
