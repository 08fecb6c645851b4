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

    InputClocks(int channels) {
        watermarks = new long[channels];
        ended = new boolean[channels];
        java.util.Arrays.fill(watermarks, Long.MIN_VALUE);
        min = channels == 0 ? Long.MAX_VALUE : Long.MIN_VALUE;
    }

    /** Records what a batch says of its channel; true when the input watermark advanced. */
    boolean update(int channel, long watermark, boolean endOfStream) {
        if (endOfStream && !ended[channel]) {
            ended[channel] = true;
            endedCount++;
        }
        if (watermark <= watermarks[channel] && !endOfStream) {
            return false;
        }
        watermarks[channel] = endOfStream ? Long.MAX_VALUE : Math.max(watermark, watermarks[channel]);
        long newMin = Long.MAX_VALUE;
        for (long w : watermarks) {
            newMin = Math.min(newMin, w);
        }
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
