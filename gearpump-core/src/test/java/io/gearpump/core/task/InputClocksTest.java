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
}
