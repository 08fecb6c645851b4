package io.gearpump.net.frame;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;

/**
 * Bytes read from one connection, shared by the frames that lie in them: the reader holds one
 * reference while it reads into the chunk, and every frame kept past its delivery holds another. The
 * last release gives the chunk back to its pool (if it has one), from whichever thread releases it.
 */
final class ReadChunk {

    private static final VarHandle REFS;

    static {
        try {
            REFS = MethodHandles.lookup().findVarHandle(ReadChunk.class, "refs", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    final byte[] array;
    /** A view of the whole array for socket reads (the reader's thread sets its position and limit). */
    final ByteBuffer buffer;
    private final ChunkPool pool; // null: not pooled (a first small chunk, or one sized for a single large frame)
    @SuppressWarnings("unused") // through REFS
    private volatile int refs;
    ReadChunk next; // in the pool's free stack only

    ReadChunk(int bytes, ChunkPool pool) {
        this.array = new byte[bytes];
        this.buffer = ByteBuffer.wrap(array);
        this.pool = pool;
    }

    int capacity() {
        return array.length;
    }

    /** The reader takes the chunk. */
    void acquired() {
        REFS.setVolatile(this, 1);
    }

    void retain() {
        REFS.getAndAdd(this, 1);
    }

    void release() {
        if ((int) REFS.getAndAdd(this, -1) == 1 && pool != null) {
            pool.giveBack(this);
        }
    }

    /** Only the reader holds it: no kept frame points into it (read by the reader's thread). */
    boolean heldByReaderAlone() {
        return (int) REFS.getVolatile(this) == 1;
    }

    /**
     * A frame in it may be kept in place: not when its pool is crowded (a chunk of its own, made for one
     * large frame or as a connection's first, holds no more than the frames kept in it).
     */
    boolean keepable() {
        return pool == null || !pool.crowded();
    }
}
