package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Message;

import org.junit.jupiter.api.Test;

/** A published floor reaches a receiver's channels only after the batches queued when it was read. */
class UpstreamFloorTest {

    private final Inbox inbox = new Inbox(100);
    private final InputClocks inputs = new InputClocks(2);
    private final ProcessorWatermarks upstream = new ProcessorWatermarks(2);
    private final UpstreamFloor floor = new UpstreamFloor();

    UpstreamFloorTest() {
        upstream.runsHere(0);
        upstream.runsHere(1);
        floor.add(0, 2, upstream);
    }

    @Test
    void theFloorWaitsForTheBatchesQueuedWhenItWasRead() throws Exception {
        inbox.put(Batch.of(new Message[] {new Message("x", 5)}, 1, 0, 5, 0));
        upstream.publish(0, 100);
        upstream.publish(1, 80);

        floor.read(0, inbox);
        assertFalse(floor.applyIfDue(inbox, inputs), "a batch queued before the reading is not taken yet");

        inputs.update(inbox.poll().channel(), 5, false);
        assertTrue(floor.applyIfDue(inbox, inputs));
        assertEquals(80, inputs.min(), "the least of what the upstream tasks flushed");
    }

    @Test
    void aTaskThatHasNotFlushedYetHoldsTheFloorBack() {
        upstream.publish(0, 100);
        floor.read(0, inbox);
        assertFalse(floor.applyIfDue(inbox, inputs));
        assertEquals(Long.MIN_VALUE, inputs.min());
    }

    @Test
    void aChannelHeldForACheckpointInBetweenDiscardsTheReading() {
        upstream.publish(0, 100);
        upstream.publish(1, 100);
        floor.read(0, inbox);
        inbox.hold(1);

        assertFalse(floor.applyIfDue(inbox, inputs), "held batches are passed by, so arrival order no longer tells");
        inbox.releaseAll();
        floor.read(ProcessorWatermarks.REFRESH_NANOS, inbox);
        assertTrue(floor.applyIfDue(inbox, inputs));
        assertEquals(100, inputs.min());
    }
}
