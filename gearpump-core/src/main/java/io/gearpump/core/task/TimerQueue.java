package io.gearpump.core.task;

import io.gearpump.core.api.Cancellable;

import java.util.PriorityQueue;

/**
 * A task's timers, fired by the task's own thread between messages. Confined to that thread except
 * {@link Timer#cancel()}, which may come from anywhere (hence the volatile flag).
 */
final class TimerQueue {

    static final class Timer implements Cancellable, Comparable<Timer> {
        private final Runnable action;
        private final long periodNanos; // 0 for one-shot
        private final long seq;
        private long deadline;
        private volatile boolean cancelled;

        private Timer(Runnable action, long deadline, long periodNanos, long seq) {
            this.action = action;
            this.deadline = deadline;
            this.periodNanos = periodNanos;
            this.seq = seq;
        }

        @Override
        public void cancel() {
            cancelled = true;
        }

        @Override
        public int compareTo(Timer o) {
            int c = Long.compare(deadline, o.deadline);
            return c != 0 ? c : Long.compare(seq, o.seq);
        }
    }

    private final PriorityQueue<Timer> timers = new PriorityQueue<>();
    private long nextSeq;

    Timer add(Runnable action, long deadline, long periodNanos) {
        Timer t = new Timer(action, deadline, periodNanos, nextSeq++);
        timers.add(t);
        return t;
    }

    /** Runs every timer due at {@code now}; periodic ones are put back for their next time. */
    void fireDue(long now) {
        Timer t;
        while ((t = timers.peek()) != null && (t.cancelled || t.deadline - now <= 0)) {
            timers.poll();
            if (t.cancelled) {
                continue;
            }
            if (t.periodNanos > 0) {
                t.deadline += t.periodNanos;
                if (t.deadline - now <= 0) {
                    t.deadline = now + t.periodNanos; // late by a period or more: skip, do not fire in a burst
                }
                timers.add(t);
            }
            t.action.run();
        }
    }

    /** Nanoseconds until the next timer is due (0 if one is due), or Long.MAX_VALUE if none. */
    long nanosUntilNext(long now) {
        Timer t;
        while ((t = timers.peek()) != null && t.cancelled) {
            timers.poll();
        }
        return t == null ? Long.MAX_VALUE : Math.max(0, t.deadline - now);
    }

    boolean isEmpty() {
        return nanosUntilNext(0) == Long.MAX_VALUE;
    }

    void clear() {
        timers.clear();
    }
}
