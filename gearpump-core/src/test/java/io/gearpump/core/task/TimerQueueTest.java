package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Cancellable;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Time is passed in by hand, so nothing here depends on the wall clock. */
class TimerQueueTest {

    private final TimerQueue timers = new TimerQueue();
    private final List<String> fired = new ArrayList<>();

    private Runnable record(String name) {
        return () -> fired.add(name);
    }

    @Test
    void timersFireWhenDueInDeadlineThenInsertionOrder() {
        timers.add(record("late"), 30, 0);
        timers.add(record("early"), 10, 0);
        timers.add(record("tie-first"), 20, 0);
        timers.add(record("tie-second"), 20, 0);

        timers.fireDue(9);
        assertEquals(List.of(), fired);
        timers.fireDue(20);
        assertEquals(List.of("early", "tie-first", "tie-second"), fired);
        timers.fireDue(100);
        timers.fireDue(200);
        assertEquals(List.of("early", "tie-first", "tie-second", "late"), fired, "one-shot timers fire once");
        assertTrue(timers.isEmpty());
    }

    @Test
    void nanosUntilNextTellsHowLongTheOwnerMayWait() {
        assertEquals(Long.MAX_VALUE, timers.nanosUntilNext(0));

        timers.add(record("t"), 1_000, 0);

        assertEquals(600, timers.nanosUntilNext(400));
        assertEquals(0, timers.nanosUntilNext(1_000));
        assertEquals(0, timers.nanosUntilNext(5_000), "overdue is 0, never negative");
        assertFalse(timers.isEmpty());
    }

    @Test
    void periodicTimerFiresOncePerPeriod() {
        timers.add(record("tick"), 10, 10);

        for (long now = 0; now <= 50; now += 5) {
            timers.fireDue(now);
        }

        assertEquals(5, fired.size(), "fires at 10, 20, 30, 40, 50");
        assertEquals(10, timers.nanosUntilNext(50));
    }

    @Test
    void cancelledTimerNeverFiresAndDoesNotCountAsPending() {
        Cancellable once = timers.add(record("once"), 10, 0);
        Cancellable periodic = timers.add(record("periodic"), 10, 5);

        once.cancel();
        periodic.cancel();
        timers.fireDue(100);

        assertEquals(List.of(), fired);
        assertTrue(timers.isEmpty());
        assertEquals(Long.MAX_VALUE, timers.nanosUntilNext(100));
    }

    @Test
    void periodicTimerCancelledByItsOwnActionStops() {
        Cancellable[] self = new Cancellable[1];
        self[0] = timers.add(() -> {
            fired.add("tick");
            if (fired.size() == 3) {
                self[0].cancel();
            }
        }, 10, 10);

        for (long now = 10; now <= 100; now += 10) {
            timers.fireDue(now);
        }

        assertEquals(3, fired.size());
        assertTrue(timers.isEmpty());
    }

    @Test
    void clearDropsEveryTimer() {
        timers.add(record("a"), 1, 0);
        timers.add(record("b"), 2, 3);

        timers.clear();
        timers.fireDue(1_000);

        assertTrue(timers.isEmpty());
        assertEquals(List.of(), fired);
    }
}
