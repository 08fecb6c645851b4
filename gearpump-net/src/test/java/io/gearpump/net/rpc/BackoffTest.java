package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

/** A seeded random makes the delays reproducible. */
class BackoffTest {

    private static Backoff backoff(long seed) {
        return new Backoff(Duration.ofMillis(50), Duration.ofMillis(1_000), new Random(seed));
    }

    @Test
    void ceilingsDoubleFromTheInitialDelayUpToTheMaximum() {
        Backoff b = backoff(1);

        List<Long> ceilings = new ArrayList<>();
        for (int failures = 0; failures < 7; failures++) {
            ceilings.add(b.ceilingMillis(failures));
        }

        assertEquals(List.of(50L, 100L, 200L, 400L, 800L, 1_000L, 1_000L), ceilings);
        assertEquals(1_000L, b.ceilingMillis(Integer.MAX_VALUE), "no overflow after many failures");
    }

    @Test
    void eachDelayIsDrawnFromTheUpperHalfOfItsCeiling() {
        Backoff b = backoff(7);
        for (int failures = 0; failures < 200; failures++) {
            long ceiling = b.ceilingMillis(failures);
            long delay = b.nextDelayMillis();
            assertTrue(delay >= ceiling / 2 && delay <= ceiling, "delay " + delay + " for ceiling " + ceiling);
        }
        assertEquals(200, b.failures());
    }

    @Test
    void theSameSeedGivesTheSameDelaysAndJitterSpreadsThem() {
        Backoff one = backoff(42);
        Backoff same = backoff(42);
        List<Long> a = new ArrayList<>();
        List<Long> b = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            a.add(one.nextDelayMillis());
            b.add(same.nextDelayMillis());
        }
        assertEquals(a, b);
        long distinctAtMax = a.subList(5, 10).stream().distinct().count();
        assertTrue(distinctAtMax > 1, "jitter at the maximum: " + a);
    }

    @Test
    void resetStartsOverFromTheInitialDelay() {
        Backoff b = backoff(3);
        for (int i = 0; i < 5; i++) {
            b.nextDelayMillis();
        }

        b.reset();

        long delay = b.nextDelayMillis();
        assertTrue(delay >= 25 && delay <= 50, "first delay after reset: " + delay);
    }
}
