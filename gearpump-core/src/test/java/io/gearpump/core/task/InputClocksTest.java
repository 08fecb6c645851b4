package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class InputClocksTest {

    @Test
    void inputWatermarkIsTheMinimumOverChannelsAndNeverMovesBack() {
        InputClocks clocks = new InputClocks(2);
        assertEquals(Long.MIN_VALUE, clocks.min());

        assertFalse(clocks.update(0, 100, false), "channel 1 is still unknown");
        assertEquals(Long.MIN_VALUE, clocks.min());
        assertTrue(clocks.update(1, 50, false));
        assertEquals(50, clocks.min());
        assertFalse(clocks.update(1, 40, false), "a channel's watermark does not move back");
        assertEquals(50, clocks.min());
        assertFalse(clocks.update(0, 200, false), "the slower channel still holds the minimum");
        assertEquals(50, clocks.min());
        assertTrue(clocks.update(1, 300, false));
        assertEquals(200, clocks.min());
    }

    @Test
    void endedChannelCountsAsMaxAndAllEndedOnceEveryChannelHas() {
        InputClocks clocks = new InputClocks(2);
        clocks.update(0, 10, false);
        clocks.update(1, 20, false);

        assertTrue(clocks.update(0, Long.MAX_VALUE, true));
        assertEquals(20, clocks.min());
        clocks.update(0, Long.MAX_VALUE, true);
        assertFalse(clocks.allEnded(), "the same channel ending twice counts once");

        assertTrue(clocks.update(1, Long.MAX_VALUE, true));
        assertEquals(Long.MAX_VALUE, clocks.min());
        assertTrue(clocks.allEnded());
        assertTrue(clocks.hasInputs());
    }

    @Test
    void noChannelsMeansEndedInputAtMax() {
        InputClocks clocks = new InputClocks(0);

        assertEquals(Long.MAX_VALUE, clocks.min());
        assertTrue(clocks.allEnded());
        assertFalse(clocks.hasInputs());
    }

    @Test
    void theMinimumKeptIncrementallyIsAlwaysTheMinimumOverChannels() {
        java.util.Random random = new java.util.Random(42);
        for (int round = 0; round < 200; round++) {
            int channels = 1 + random.nextInt(40);
            InputClocks clocks = new InputClocks(channels);
            long[] naive = new long[channels];
            java.util.Arrays.fill(naive, Long.MIN_VALUE);
            for (int step = 0; step < 500; step++) {
                int c = random.nextInt(channels);
                boolean end = random.nextInt(50) == 0;
                long w = random.nextInt(30); // few values: ties at the minimum are common
                long before = java.util.Arrays.stream(naive).min().orElseThrow();
                naive[c] = end ? Long.MAX_VALUE : Math.max(naive[c], w);
                long after = java.util.Arrays.stream(naive).min().orElseThrow();

                boolean advanced = clocks.update(c, w, end);

                assertEquals(after, clocks.min(), "round " + round + ", step " + step);
                assertEquals(after > before, advanced, "round " + round + ", step " + step);
            }
        }
    }
}
