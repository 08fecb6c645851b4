package io.gearpump.core.task;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Iterator;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A task's bounded inbox: many producer tasks put batches, the one owning task polls them.
 * Capacity counts messages. A producer that would overfill it waits until the owner has drained it
 * to half (hysteresis, so producers and owner do not wake each other per batch); waiting producers
 * are woken one by one, each waking the next while room is left. Batches without
 * messages (watermarks, barriers, end of stream) never wait, so control information cannot deadlock.
 *
 * <p>While a task aligns a checkpoint's barriers it {@link #hold holds} the input channels whose
 * barrier has arrived: their batches stay queued, in order, and {@link #poll} passes them by. Held
 * batches count against a capacity of their own channel's (one capacity per held channel), not
 * against the others', so the channels still to deliver their barrier always get in: alignment
 * never deadlocks on a full inbox, and memory stays bounded.
 *
 * <p>Threads: {@link #put} from upstream task threads; {@link #poll} and {@link #awaitWork} from the
 * owner only; {@link #wake} from anyone. All state is guarded by {@code lock} (a j.u.c lock, so a
 * waiting virtual thread releases its carrier).
 */
final class Inbox {

    private static final int FEW_PRODUCERS = 4;

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
    private boolean[] held = new boolean[0]; // by input channel
    private int[] heldQueued = new int[0];   // messages queued on each held channel
    private int heldTotal;
    private int heldChannels;
    private long added;  // batches ever added
    private long taken;  // batches ever handed out (the owner's)
    private long holds;  // channels ever held (the owner's)

    Inbox(int capacity) {
        this.capacity = capacity;
        this.resumeAt = capacity / 2;
    }

    /** Adds a batch, waiting while it would overfill the inbox (back pressure); returns the nanoseconds it waited. */
    long put(Batch batch) throws InterruptedException {
        return put(batch, since -> { });
    }

    /** The same; {@code waitStarted} hears when a wait begins (on the producer's thread), so a long wait shows while it lasts. */
    long put(Batch batch, java.util.function.LongConsumer waitStarted) throws InterruptedException {
        int n = batch.size();
        long waitedSince = 0;
        lock.lock();
        try {
            while (n > 0 && mustWait(batch.channel(), n)) {
                if (waitedSince == 0) {
                    waitedSince = System.nanoTime(); // measured, not decided on: only the metrics read it
                    waitStarted.accept(waitedSince);
                }
                producersWaiting++;
                try {
                    spaceFreed.await();
                } finally {
                    producersWaiting--;
                }
            }
            add(batch);
            if (waitedSince != 0 && producersWaiting > 0 && queued - heldTotal < capacity) {
                wakeProducers(); // room is left: the next waiting producer may fit too
            }
        } finally {
            lock.unlock();
        }
        return waitedSince == 0 ? 0 : Math.max(1, System.nanoTime() - waitedSince);
    }

    /** Messages queued now (any thread). */
    int depth() {
        lock.lock();
        try {
            return queued;
        } finally {
            lock.unlock();
        }
    }

    /** Whether {@code n} more messages on {@code channel} would overfill what that channel may use. */
    private boolean mustWait(int channel, int n) {
        if (isHeld(channel)) {
            int mine = heldQueued[channel];
            return mine > 0 && mine + n > capacity;
        }
        int shared = queued - heldTotal;
        return shared > 0 && shared + n > capacity;
    }

    private boolean isHeld(int channel) {
        return channel < held.length && held[channel];
    }

    private void add(Batch batch) {
        added++;
        batches.addLast(batch);
        queued += batch.size();
        if (isHeld(batch.channel())) {
            heldQueued[batch.channel()] += batch.size();
            heldTotal += batch.size();
        } else if (ownerWaiting) {
            workArrived.signal();
        }
    }

    /**
     * Adds a batch without waiting, whatever the fill: for senders whose volume is already bounded
     * elsewhere (credit granted to a remote sender), and which must not block (an event loop).
     */
    void putWithoutWaiting(Batch batch) {
        lock.lock();
        try {
            add(batch);
        } finally {
            lock.unlock();
        }
    }

    /** The oldest batch of a channel not held, or null when there is none. Owner only. */
    Batch poll() {
        lock.lock();
        try {
            Batch b = heldChannels == 0 ? batches.pollFirst() : pollUnheld();
            if (b != null) {
                taken++;
                queued -= b.size();
                if (producersWaiting > 0 && queued - heldTotal <= resumeAt) {
                    wakeProducers();
                }
            }
            return b;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Wakes one waiting producer, which wakes the next while room is left: waking hundreds at once,
     * most of which would find the inbox full again, costs more than the data (a few wake together). While channels are
     * held, producers wait on different limits (their held channel's or the shared one), so all wake:
     * one woken for nothing must not leave another asleep that could go on.
     */
    private void wakeProducers() {
        if (heldChannels == 0 && producersWaiting > FEW_PRODUCERS) {
            spaceFreed.signal();
        } else {
            spaceFreed.signalAll();
        }
    }

    private Batch pollUnheld() {
        for (Iterator<Batch> it = batches.iterator(); it.hasNext(); ) {
            Batch b = it.next();
            if (!isHeld(b.channel())) {
                it.remove();
                return b;
            }
        }
        return null;
    }

    /** Stops handing out {@code channel}'s batches (they stay queued, in order) until {@link #releaseAll}. Owner only. */
    void hold(int channel) {
        lock.lock();
        try {
            if (isHeld(channel)) {
                return;
            }
            if (channel >= held.length) {
                int size = Math.max(channel + 1, 2 * held.length); // doubling: thousands of channels may be held in turn
                held = Arrays.copyOf(held, size);
                heldQueued = Arrays.copyOf(heldQueued, size);
            }
            held[channel] = true;
            heldChannels++;
            holds++;
            for (Batch b : batches) {
                if (b.channel() == channel) {
                    heldQueued[channel] += b.size();
                    heldTotal += b.size();
                }
            }
            if (producersWaiting > 0) { // what this channel held no longer counts against the others
                spaceFreed.signalAll();
            }
        } finally {
            lock.unlock();
        }
    }

    /** Hands out every channel's batches again, in the order they came. Owner only. */
    void releaseAll() {
        lock.lock();
        try {
            Arrays.fill(held, false);
            Arrays.fill(heldQueued, 0);
            heldTotal = 0;
            heldChannels = 0;
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
            if (!hasWork() && !wakeRequested && timeoutNanos > 0) {
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

    private boolean hasWork() {
        if (heldChannels == 0) {
            return !batches.isEmpty();
        }
        for (Batch b : batches) {
            if (!isHeld(b.channel())) {
                return true;
            }
        }
        return false;
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

    /**
     * Batches ever added, or -1 while channels are held: once {@link #batchesTaken} reaches it, every
     * batch queued at this call has been handed out, if no channel was held since ({@link #holds}).
     */
    long batchesAdded() {
        lock.lock();
        try {
            return heldChannels > 0 ? -1 : added;
        } finally {
            lock.unlock();
        }
    }

    /** Batches ever handed out. Owner only. */
    long batchesTaken() {
        return taken;
    }

    /** Channels ever held for a checkpoint. Owner only. */
    long holds() {
        return holds;
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
