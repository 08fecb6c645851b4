package io.gearpump.core.task;

import java.util.ArrayList;
import java.util.List;

/**
 * A receiving task's side of {@link ProcessorWatermarks}: which of its input channels come from
 * local senders that do not send their watermark alone, and the floor it may raise them to. A
 * floor read now holds for a channel only once the batches already queued on it are taken, so it
 * waits until the inbox has handed out every batch it held at the reading (with no channel held
 * for a checkpoint meanwhile: then the inbox hands out in arrival order). Confined to the task's thread.
 */
final class UpstreamFloor {

    private final List<ProcessorWatermarks> upstream = new ArrayList<>();
    private boolean[] channels = new boolean[0];
    private long pending = Long.MIN_VALUE; // a floor read, waiting for the batches queued then
    private long pendingMark = -1;
    private long pendingHolds;
    private long applied = Long.MIN_VALUE;

    /** Before start: channels {@code first} to {@code first + count - 1} come from tasks of {@code from} that publish there instead of sending. */
    void add(int first, int count, ProcessorWatermarks from) {
        int end = first + count;
        if (end > channels.length) { // doubling: a task may have thousands of channels
            channels = java.util.Arrays.copyOf(channels, Math.max(end, 2 * channels.length));
        }
        java.util.Arrays.fill(channels, first, end, true);
        if (!upstream.contains(from)) {
            upstream.add(from);
        }
    }

    boolean active() {
        return !upstream.isEmpty();
    }

    /** Reads the upstream floor; it applies once what {@code inbox} holds now has been taken. */
    void read(long nowNanos, Inbox inbox) {
        if (upstream.isEmpty()) {
            return;
        }
        long floor = Long.MAX_VALUE;
        for (ProcessorWatermarks p : upstream) {
            floor = Math.min(floor, p.min(nowNanos));
        }
        if (floor > applied && floor > pending) {
            long mark = inbox.batchesAdded(); // read after the floor: every batch put before it was published is counted
            if (mark >= 0) {
                pending = floor;
                pendingMark = mark;
                pendingHolds = inbox.holds();
            }
        }
    }

    /** Raises the floor channels in {@code inputs} when the floor read last is due; true when the input watermark advanced. */
    boolean applyIfDue(Inbox inbox, InputClocks inputs) {
        if (pendingMark < 0) {
            return false;
        }
        if (inbox.holds() != pendingHolds) { // a checkpoint held channels: order is not arrival order, read again
            pendingMark = -1;
            pending = Long.MIN_VALUE;
            return false;
        }
        if (inbox.batchesTaken() < pendingMark) {
            return false;
        }
        long floor = pending;
        pendingMark = -1;
        pending = Long.MIN_VALUE;
        applied = floor;
        return inputs.raise(channels, floor);
    }
}
