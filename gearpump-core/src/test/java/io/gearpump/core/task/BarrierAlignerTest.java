package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BarrierAlignerTest {

    private final List<String> gate = new ArrayList<>();
    private final BarrierAligner.Gate recording = new BarrierAligner.Gate() {
        @Override
        public void hold(int channel) {
            gate.add("hold " + channel);
        }

        @Override
        public void releaseAll() {
            gate.add("release");
        }
    };

    @Test
    void withOneInputTheBarrierIsTheSnapshotAtOnce() {
        BarrierAligner a = new BarrierAligner(1, true, recording);

        assertEquals(1, a.onBarrier(0, 1));
        assertEquals(List.of("release"), gate);
    }

    @Test
    void exactlyOnceHoldsEachChannelWhoseBarrierCameUntilTheLastOneComes() {
        BarrierAligner a = new BarrierAligner(3, true, recording);

        assertEquals(Batch.NO_BARRIER, a.onBarrier(2, 4));
        assertEquals(Batch.NO_BARRIER, a.onBarrier(0, 4));
        assertEquals(4, a.onBarrier(1, 4));

        assertEquals(List.of("hold 2", "hold 0", "release"), gate);
        assertEquals(Batch.NO_BARRIER, a.aligning());
    }

    @Test
    void atLeastOnceNeverHoldsAndSnapshotsWhenTheLastBarrierCame() {
        BarrierAligner a = new BarrierAligner(2, false, recording);

        assertEquals(Batch.NO_BARRIER, a.onBarrier(1, 1));
        assertEquals(1, a.onBarrier(0, 1));

        assertEquals(List.of(), gate);
    }

    @Test
    void anEndedChannelOwesNoBarrierAndItsEndCanCompleteTheAlignment() {
        BarrierAligner a = new BarrierAligner(3, true, recording);
        assertEquals(Batch.NO_BARRIER, a.onEndOfStream(0));

        assertEquals(Batch.NO_BARRIER, a.onBarrier(1, 1));
        assertEquals(1, a.onEndOfStream(2), "the last channel missing ended instead");

        assertEquals(2, a.onBarrier(1, 2), "with two channels ended, one barrier is all");
    }

    @Test
    void aNewerBarrierAbandonsTheOneAligningAndStaleBarriersAreIgnored() {
        BarrierAligner a = new BarrierAligner(2, true, recording);
        a.onBarrier(0, 1);

        assertEquals(Batch.NO_BARRIER, a.onBarrier(1, 2));
        assertEquals(Batch.NO_BARRIER, a.onBarrier(1, 1), "checkpoint 1 was given up");
        assertEquals(2, a.onBarrier(0, 2));
        assertEquals(Batch.NO_BARRIER, a.onBarrier(0, 2), "taken already");

        assertEquals(List.of("hold 0", "release", "hold 1", "release"), gate);
    }

    @Test
    void anAbandonedCheckpointLetsItsHeldChannelsFlow() {
        BarrierAligner a = new BarrierAligner(2, true, recording);
        a.onBarrier(0, 5);

        a.abandon(4); // not the one aligning
        a.abandon(5);

        assertEquals(List.of("hold 0", "release"), gate);
        assertEquals(Batch.NO_BARRIER, a.aligning());
        assertEquals(Batch.NO_BARRIER, a.onBarrier(1, 5), "its late barrier does not start it again");
    }
}
