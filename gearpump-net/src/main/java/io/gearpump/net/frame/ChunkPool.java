package io.gearpump.net.frame;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

/**
 * The read chunks of one connection. Its reader takes them (one thread); any thread that releases a
 * chunk's last frame gives it back (a lock-free stack through the chunks themselves, so giving back
 * allocates nothing). When {@code maxOut} chunks are out at once, frames are copied instead of kept
 * (see {@link FrameView#keep}): a slow consumer then costs copies, never unbounded memory.
 */
final class ChunkPool {

    private final int chunkBytes;
    private final int maxOut;
    private final AtomicReference<ReadChunk> free = new AtomicReference<>();
    private final AtomicInteger out = new AtomicInteger(); // taken and not yet given back

    ChunkPool(int chunkBytes, int maxOut) {
        this.chunkBytes = chunkBytes;
        this.maxOut = maxOut;
    }

    int chunkBytes() {
        return chunkBytes;
    }

    /** A chunk for the reader (its thread only), held once. */
    ReadChunk take() {
        ReadChunk c;
        do {
            c = free.get();
        } while (c != null && !free.compareAndSet(c, c.next)); // only the reader pops: no ABA
        if (c == null) {
            c = new ReadChunk(chunkBytes, this);
        }
        c.next = null;
        out.incrementAndGet();
        c.acquired();
        return c;
    }

    void giveBack(ReadChunk c) {
        out.decrementAndGet();
        ReadChunk head;
        do {
            head = free.get();
            c.next = head;
        } while (!free.compareAndSet(head, c));
    }

    /** So many chunks are out that frames should be copied rather than keep more of them. */
    boolean crowded() {
        return out.get() >= maxOut;
    }

    int out() {
        return out.get();
    }
}
