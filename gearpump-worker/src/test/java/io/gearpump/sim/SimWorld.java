package io.gearpump.sim;

import java.util.PriorityQueue;
import java.util.Random;

/** Simulated time and the events due at it, with the seeded random that decides delays and losses. */
final class SimWorld {

    private record Event(long time, long seq, Runnable action) {
    }

    final Random random;
    private final PriorityQueue<Event> events = new PriorityQueue<>((a, b) -> a.time != b.time
            ? Long.compare(a.time, b.time) : Long.compare(a.seq, b.seq));
    private long now;
    private long seq;
    double lossRate;
    int maxDelayMillis = 1;

    SimWorld(long seed, long startMillis) {
        this.random = new Random(seed);
        this.now = startMillis;
    }

    long now() {
        return now;
    }

    void at(long time, Runnable action) {
        events.add(new Event(Math.max(time, now), seq++, action));
    }

    /** Moves time to {@code until}, running every event due on the way, in order. */
    int advance(long until) {
        int ran = 0;
        while (!events.isEmpty() && events.peek().time() <= until) {
            Event e = events.poll();
            now = e.time();
            e.action().run();
            ran++;
        }
        now = until;
        return ran;
    }

    /** Runs what is due now (events scheduled by this step's work). */
    int runDue() {
        return advance(now);
    }

    boolean lost() {
        return lossRate > 0 && random.nextDouble() < lossRate;
    }

    long delay() {
        return 1 + random.nextInt(maxDelayMillis);
    }
}
