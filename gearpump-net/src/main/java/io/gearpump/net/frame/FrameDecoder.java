package io.gearpump.net.frame;

import java.nio.ByteBuffer;

/**
 * Cuts a byte stream into frames {@code [int length][payload]} (big-endian length). Bytes arrive in
 * any pieces: a frame split over many reads, many frames in one read. A negative length or one
 * above the maximum is refused before anything is allocated for it. The maximum may be changed between
 * frames (e.g. small until the peer has authenticated). Confined to one thread (the connection's
 * event loop).
 */
public final class FrameDecoder {

    /** Receives each complete payload; the array is the receiver's. */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(byte[] payload) throws FrameException;
    }

    /** How the configured maximum is named in errors. */
    public static final String CONFIGURED_LIMIT = "gearpump.net.frame.max.bytes";

    private int maxFrameBytes;
    private String limitName;
    private int headerBytes;
    private int length;
    private byte[] payload;
    private int filled;

    public FrameDecoder(int maxFrameBytes) {
        maxFrameBytes(maxFrameBytes, CONFIGURED_LIMIT);
    }

    /**
     * Accepts frames of up to {@code maxBytes} from the next length header on (a frame whose header
     * was already read keeps its size); {@code limitName} names the limit in the error when a frame
     * is refused.
     */
    public void maxFrameBytes(int maxBytes, String limitName) {
        if (maxBytes < 0) {
            throw new IllegalArgumentException("a frame limit cannot be negative: " + maxBytes);
        }
        this.maxFrameBytes = maxBytes;
        this.limitName = limitName;
    }

    public int maxFrameBytes() {
        return maxFrameBytes;
    }

    /** Consumes everything remaining in {@code in}, handing every complete frame to {@code sink}. */
    public void feed(ByteBuffer in, FrameSink sink) throws FrameException {
        while (in.hasRemaining()) {
            if (payload == null) {
                while (headerBytes < 4 && in.hasRemaining()) {
                    length = (length << 8) | (in.get() & 0xff);
                    headerBytes++;
                }
                if (headerBytes < 4) {
                    return;
                }
                if (length < 0 || length > maxFrameBytes) {
                    throw new FrameException("frame length " + length + " is outside 0.." + maxFrameBytes
                            + " (" + limitName + ")");
                }
                payload = new byte[length];
                filled = 0;
            }
            int n = Math.min(in.remaining(), payload.length - filled);
            in.get(payload, filled, n);
            filled += n;
            if (filled == payload.length) {
                byte[] done = payload;
                payload = null;
                headerBytes = 0;
                length = 0;
                sink.onFrame(done);
            }
        }
    }

    /** True between frames (nothing partial held). */
    public boolean isIdle() {
        return payload == null && headerBytes == 0;
    }
}
