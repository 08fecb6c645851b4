package io.gearpump.net.stream;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * How many messages a sender may still send on one stream. The receiver grants (event loop thread);
 * the sending task takes (its own thread), waiting while there is none. A lost connection breaks the
 * credit so a waiting sender fails instead of hanging.
 */
final class StreamCredit {

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition granted = lock.newCondition();
    private long available;
    private long waitedNanos;  // the sender's waits for credit that ended
    private long waitingSince; // nonzero while the sender waits
    private boolean opened; // the receiver has granted at least once: it is ready for this stream
    private String broken;

    void grant(long messages) {
        lock.lock();
        try {
            available += messages;
            opened = true;
            granted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    void broken(String reason) {
        lock.lock();
        try {
            broken = reason;
            granted.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Waits until the receiver has opened the stream (its first grant), so even control frames can go. */
    void awaitOpen() throws InterruptedException, StreamLostException {
        lock.lock();
        try {
            while (!opened && broken == null) {
                granted.await();
            }
            if (broken != null) {
                throw new StreamLostException(broken);
            }
        } finally {
            lock.unlock();
        }
    }

    /** Takes between 1 and {@code wanted} messages of credit, waiting until some is granted. */
    int acquire(int wanted) throws InterruptedException, StreamLostException {
        lock.lock();
        try {
            if (available == 0 && broken == null) {
                waitingSince = System.nanoTime(); // measured, not decided on: only the metrics read it
                try {
                    while (available == 0 && broken == null) {
                        granted.await();
                    }
                } finally {
                    waitedNanos += System.nanoTime() - waitingSince;
                    waitingSince = 0;
                }
            }
            if (broken != null) {
                throw new StreamLostException(broken);
            }
            int n = (int) Math.min(wanted, available);
            available -= n;
            return n;
        } finally {
            lock.unlock();
        }
    }

    /** Time the sender has spent waiting for credit, the wait under way included (any thread). */
    long waitedNanos() {
        lock.lock();
        try {
            return waitedNanos + (waitingSince == 0 ? 0 : System.nanoTime() - waitingSince);
        } finally {
            lock.unlock();
        }
    }

    long available() {
        lock.lock();
        try {
            return available;
        } finally {
            lock.unlock();
        }
    }
}
