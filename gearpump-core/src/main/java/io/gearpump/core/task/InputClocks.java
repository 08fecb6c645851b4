package io.gearpump.core.task;

/**
 * Watermarks of a task's input channels (one per upstream task) and which have ended. The input
 * watermark is the minimum over channels; an ended channel counts as {@code Long.MAX_VALUE}.
 * Confined to the task's thread.
 */
final class InputClocks {

    private final long[] watermarks;
    private final boolean[] ended;
    private int endedCount;
    private long min;
    private int atMin; // channels whose watermark is min: the minimum moves only when the last of them advances

    InputClocks(int channels) {
        watermarks = new long[channels];
        ended = new boolean[channels];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        min = channels == 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
        atMin = channels;
    }

    /**
     * Records what a batch says of its channel; true when the input watermark advanced. A channel above
     * the minimum changes nothing but its own entry; the channels are scanned again only when the last
     * one at the minimum moves, so a task with many upstream tasks does not scan them all per batch.
     */
    boolean update(int channel, long watermark, boolean endOfStream) {
        if (endOfStream && !ended[channel]) {
            ended[channel] = true;
            endedCount++;
        }
        long old = watermarks[channel];
        long now = endOfStream ? Long.MAX_VALUE : Math.max(watermark, old);
        if (now == old) {
            return false;
        }
        watermarks[channel] = now;
        if (old != min || --atMin > 0) {
            return false;
        }
        return rescan();
    }

    /** Raises the channels marked in {@code which} to at least {@code floor}; true when the input watermark advanced. */
    boolean raise(boolean[] which, long floor) {
        boolean changed = false;
        for (int c = 0; c < which.length; c++) {
            if (which[c] && watermarks[c] < floor) {
                watermarks[c] = floor;
                changed = true;
            }
        }
        if (!changed) {
            return false;
        }
        return rescan();
    }

    /** Finds the minimum and how many channels are at it; true when it advanced. */
    private boolean rescan() {
        long newMin = Long.MAX_VALUE;
        int count = 0;
        for (long w : watermarks) {
            if (w < newMin) {
                newMin = w;
                count = 1;
            } else if (w == newMin) {
                count++;
            }
        }
        atMin = count;
        boolean advanced = newMin > min;
        min = newMin;
        return advanced;
    }

    long min() {
        return min;
    }

    boolean allEnded() {
        return endedCount == watermarks.length;
    }

    boolean hasInputs() {
        return watermarks.length > 0;
    }
}
