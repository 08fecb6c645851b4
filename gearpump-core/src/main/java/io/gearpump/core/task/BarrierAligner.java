package io.gearpump.core.task;

import java.util.Arrays;

/**
 * Follows one checkpoint's barriers over a task's input channels and says when the task may take
 * its snapshot: once the barrier has come on every channel that has not ended. For exactly-once it
 * aligns: a channel whose barrier came is held (its later batches wait) until the others' come, so
 * the snapshot reflects exactly what came before the barrier on every input. For at-least-once it
 * only counts. A barrier of a newer checkpoint abandons one still aligning (its coordinator gave up
 * on it); a barrier older than that is stale and ignored. Confined to the task's thread.
 */
final class BarrierAligner {

    /** Where holding takes effect: the task's inbox. */
    interface Gate {
        void hold(int channel);

        void releaseAll();
    }

    private final boolean[] arrived;
    private final boolean[] ended;
    private final boolean align;
    private final Gate gate;
    private long aligning = Batch.NO_BARRIER;
    private long lastSeen = Batch.NO_BARRIER;
    private int done; // channels that gave the barrier being aligned, or ended

    BarrierAligner(int channels, boolean align, Gate gate) {
        this.arrived = new boolean[channels];
        this.ended = new boolean[channels];
        this.align = align;
        this.gate = gate;
    }

    /** The barrier of {@code checkpointId} came on {@code channel}; returns the checkpoint to snapshot now, or {@link Batch#NO_BARRIER}. */
    long onBarrier(int channel, long checkpointId) {
        if (checkpointId < lastSeen || (checkpointId == lastSeen && aligning == Batch.NO_BARRIER)) {
            return Batch.NO_BARRIER; // stale, or already taken
        }
        if (checkpointId > lastSeen) {
            begin(checkpointId);
        }
        if (!arrived[channel] && !ended[channel]) {
            arrived[channel] = true;
            done++;
        }
        if (done == arrived.length) {
            return complete();
        }
        if (align) {
            gate.hold(channel);
        }
        return Batch.NO_BARRIER;
    }

    /** {@code channel} ended; returns the checkpoint to snapshot now if it was the last one missing, else {@link Batch#NO_BARRIER}. */
    long onEndOfStream(int channel) {
        if (ended[channel]) {
            return Batch.NO_BARRIER;
        }
        ended[channel] = true;
        if (aligning == Batch.NO_BARRIER || arrived[channel]) {
            return Batch.NO_BARRIER;
        }
        done++;
        return done == arrived.length ? complete() : Batch.NO_BARRIER;
    }

    /** The checkpoint being aligned, or {@link Batch#NO_BARRIER}. */
    long aligning() {
        return aligning;
    }

    /** Gives up the checkpoint being aligned, if it is {@code checkpointId}: held channels flow again. */
    void abandon(long checkpointId) {
        if (aligning == checkpointId && aligning != Batch.NO_BARRIER) {
            aligning = Batch.NO_BARRIER;
            gate.releaseAll();
        }
    }

    private void begin(long checkpointId) {
        if (aligning != Batch.NO_BARRIER && align) {
            gate.releaseAll(); // the older one is abandoned
        }
        aligning = checkpointId;
        lastSeen = checkpointId;
        Arrays.fill(arrived, false);
        done = 0;
        for (boolean e : ended) {
            done += e ? 1 : 0;
        }
    }

    private long complete() {
        long id = aligning;
        aligning = Batch.NO_BARRIER;
        if (align) {
            gate.releaseAll();
        }
        return id;
    }
}
