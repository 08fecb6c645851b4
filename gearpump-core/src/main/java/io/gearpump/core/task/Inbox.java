package io.gearpump.core.task;

import java.util.ArrayDeque;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A task's bounded inbox: many producer tasks put batches, the one owning task polls them.
 * Capacity counts messages. A producer that would overfill it waits until the owner has drained it
 * to half (hysteresis, so producers and owner do not wake each other per batch). Batches without
 * messages (watermarks, end of stream) never wait, so control information cannot deadlock.
 *
 * <p>Threads: {@link #put} from upstream task threads; {@link #poll} and {@link #awaitWork} from the
 * owner only; {@link #wake} from anyone. All state is guarded by {@code lock} (a j.u.c lock, so a
 * waiting virtual thread releases its carrier).
 */
final class Inbox {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition spaceFreed = lock.newCondition();
    private final Condition workArrived = lock.newCondition();
    private final ArrayDeque<Batch> batches = new ArrayDeque<>();
    private final int capacity;
    private final int resumeAt;
    private int queued;
    private int producersWaiting;
    private boolean ownerWaiting;
    private boolean wakeRequested;

    Inbox(int capacity) {
        this.capacity = capacity;
        this.resumeAt = capacity / 2;
    }

    /** Adds a batch, waiting while it would overfill the inbox (back pressure). */
    void put(Batch batch) throws InterruptedException {
        int n = batch.size();
        lock.lock();
        try {
            while (n > 0 && queued > 0 && queued + n > capacity) {
                producersWaiting++;
                try {
                    spaceFreed.await();
                } finally {
                    producersWaiting--;
                }
            }
            batches.addLast(batch);
            queued += n;
            if (ownerWaiting) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /**
     * Adds a batch without waiting, whatever the fill: for senders whose volume is already bounded
     * elsewhere (credit granted to a remote sender), and which must not block (an event loop).
     */
    void putWithoutWaiting(Batch batch) {
        lock.lock();
        try {
            batches.addLast(batch);
            queued += batch.size();
            if (ownerWaiting) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** The oldest batch, or null when empty. Owner only. */
    Batch poll() {
        lock.lock();
        try {
            Batch b = batches.pollFirst();
            if (b != null) {
                queued -= b.size();
                if (producersWaiting > 0 && queued <= resumeAt) {
                    spaceFreed.signalAll();
                }
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits until a batch arrives, {@link #wake} is called or {@code timeoutNanos} pass
     * ({@code Long.MAX_VALUE}: no timeout). Owner only.
     */
    void awaitWork(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (batches.isEmpty() && !wakeRequested && timeoutNanos > 0) {
                ownerWaiting = true;
                try {
                    if (timeoutNanos == Long.MAX_VALUE) {
                        workArrived.await();
                    } else {
                        workArrived.await(timeoutNanos, TimeUnit.NANOSECONDS);
                    }
                } finally {
                    ownerWaiting = false;
                }
            }
            wakeRequested = false;
        } finally {
            lock.unlock();
        }
    }

    /** Makes the owner's current or next {@link #awaitWork} return. */
    void wake() {
        lock.lock();
        try {
            wakeRequested = true;
            if (ownerWaiting) {
                workArrived.signal();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Messages waiting (for status and tests). */
    int queued() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }
}
