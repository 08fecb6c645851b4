package io.gearpump.net.frame;

/**
 * A frame's payload kept past its delivery ({@link FrameView#keep}): the bytes are
 * {@code array()[offset(), offset() + length())}, valid until {@link #release}, which must be called
 * exactly once, from any thread. Subclass it to carry the frame onward without another object.
 */
public class KeptFrame {

    private byte[] array;
    private int offset;
    private int length;
    private ReadChunk chunk; // null when the payload was copied out

    void keep(byte[] array, int offset, int length, ReadChunk chunk) {
        this.array = array;
        this.offset = offset;
        this.length = length;
        this.chunk = chunk;
    }

    public final byte[] array() {
        return array;
    }

    public final int offset() {
        return offset;
    }

    public final int length() {
        return length;
    }

    /** The bytes are no longer needed: the chunk they lie in may be read into again. */
    public final void release() {
        ReadChunk c = chunk;
        chunk = null;
        array = null;
        if (c != null) {
            c.release();
        }
    }
}
