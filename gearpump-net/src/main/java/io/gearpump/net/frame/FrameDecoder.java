package io.gearpump.net.frame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;

/**
 * Cuts a byte stream into frames {@code [int length][payload]} (big-endian length). Bytes arrive in
 * any pieces: a frame split over many reads, many frames in one read. A negative length or one
 * above the maximum is refused before anything is allocated for it. The maximum may be changed between
 * frames (e.g. small until the peer has authenticated). Confined to one thread (the connection's
 * event loop).
 *
 * <p>Bytes are read into chunks and each frame is delivered as a view of the chunk it lies in, so a
 * frame is never copied to be delivered; a handler that needs it later keeps it in place
 * ({@link FrameView#keep}). A chunk that only the decoder holds is reused from its start; one that kept
 * frames still point into is left to them, and the decoder goes on in a fresh chunk from the pool,
 * taking along the start of a frame that was cut at the chunk's end (the only bytes ever copied).
 */
public final class FrameDecoder {

    /** Receives each complete payload as a new array (the array is the receiver's). */
    @FunctionalInterface
    public interface FrameSink {
        void onFrame(byte[] payload) throws FrameException;
    }

    /** Receives each complete payload in place; the view is valid during the call only. */
    @FunctionalInterface
    public interface ViewSink {
        void onFrame(FrameView frame) throws FrameException;
    }

    /** How the configured maximum is named in errors. */
    public static final String CONFIGURED_LIMIT = "gearpump.net.frame.max.bytes";
    /** A connection's first chunk: most connections carry small requests and never need another. */
    private static final int FIRST_CHUNK_BYTES = 64 * 1024;
    /** Chunks after the first, once frames are kept in place. */
    private static final int CHUNK_BYTES = 1 << 20;
    /** Chunks out at once before frames are copied rather than kept (16 MiB a connection). */
    private static final int MAX_CHUNKS_OUT = 16;
    /** The least room worth a read: below it, the decoder moves on to (or back to the start of) a chunk. */
    private static final int MIN_READ = 16 * 1024;

    private final ChunkPool pool = new ChunkPool(CHUNK_BYTES, MAX_CHUNKS_OUT);
    private final FrameView view = new FrameView();
    private int maxFrameBytes;
    private String limitName;
    private ReadChunk chunk = new ReadChunk(FIRST_CHUNK_BYTES, null);
    private int start; // where the next frame's header starts
    private int end;   // where the next read goes
    private int acceptedLength = -1; // the length of the frame at start, once its header was checked

    public FrameDecoder(int maxFrameBytes) {
        maxFrameBytes(maxFrameBytes, CONFIGURED_LIMIT);
        chunk.acquired();
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

    /**
     * Reads once from {@code channel} into the current chunk and delivers every frame completed.
     * Returns the bytes read (-1 at the end of the stream).
     */
    public int readFrom(ReadableByteChannel channel, ViewSink sink) throws IOException, FrameException {
        makeRoom();
        ByteBuffer b = chunk.buffer;
        b.limit(chunk.capacity()).position(end);
        int n = channel.read(b);
        if (n > 0) {
            end += n;
            deliver(sink);
        }
        return n;
    }

    /** Consumes everything remaining in {@code in}, handing every complete frame to {@code sink} as a copy. */
    public void feed(ByteBuffer in, FrameSink sink) throws FrameException {
        ViewSink copies = frame -> sink.onFrame(frame.copy());
        while (in.hasRemaining()) {
            makeRoom();
            int n = Math.min(in.remaining(), chunk.capacity() - end);
            in.get(chunk.array, end, n);
            end += n;
            deliver(copies);
        }
    }

    /** True between frames (nothing partial held). */
    public boolean isIdle() {
        return start == end;
    }

    /** Chunks holding kept frames, or being read into, at this moment (for tests and status). */
    int chunksOut() {
        return pool.out();
    }

    private void deliver(ViewSink sink) throws FrameException {
        while (end - start >= 4) {
            int length = acceptedLength >= 0 ? acceptedLength : accept(readLength());
            if (end - start - 4 < length) {
                return;
            }
            view.set(chunk, start + 4, length);
            start += 4 + length;
            acceptedLength = -1;
            sink.onFrame(view); // may change the limit for the next frame
        }
    }

    private int readLength() {
        byte[] a = chunk.array;
        return (a[start] & 0xff) << 24 | (a[start + 1] & 0xff) << 16 | (a[start + 2] & 0xff) << 8 | (a[start + 3] & 0xff);
    }

    private int accept(int length) throws FrameException {
        if (length < 0 || length > maxFrameBytes) {
            throw new FrameException("frame length " + length + " is outside 0.." + maxFrameBytes + " (" + limitName + ")");
        }
        acceptedLength = length;
        return length;
    }

    /**
     * Before a read: enough room after {@code end} for a useful read and for the whole frame begun at
     * {@code start}; else the partial frame moves to the start of this chunk (if only the decoder holds
     * it) or of a new one.
     */
    private void makeRoom() {
        int partial = end - start;
        int frame = acceptedLength >= 0 ? 4 + acceptedLength : 0; // the whole frame begun, once its header is in
        boolean large = chunk.capacity() > CHUNK_BYTES; // made for one large frame
        boolean heldAlone = chunk.heldByReaderAlone();
        if (!large) {
            if (partial == 0 && heldAlone) {
                start = end = 0; // nothing pending, nothing kept: read from the top again
                return;
            }
            if (frame > 0 ? start + frame <= chunk.capacity() : chunk.capacity() - end >= MIN_READ) {
                return; // the frame begun fits (the rest of it is worth a read), or there is room for a good read
            }
        } else if (frame > CHUNK_BYTES && start + frame <= chunk.capacity()) {
            return; // still reading the large frame it was made for
        }
        int needed = Math.max(frame, partial);
        ReadChunk next;
        if (!large && heldAlone && needed <= chunk.capacity()) {
            next = chunk; // compact in place
        } else if (needed > CHUNK_BYTES) {
            next = new ReadChunk(needed, null); // its length was accepted: allocating for it is allowed now
            next.acquired();
        } else {
            next = pool.take();
        }
        System.arraycopy(chunk.array, start, next.array, 0, partial);
        if (next != chunk) {
            chunk.release();
            chunk = next;
        }
        start = 0;
        end = partial;
    }
}
