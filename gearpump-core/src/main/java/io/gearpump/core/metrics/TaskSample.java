package io.gearpump.core.metrics;

/**
 * One task's metrics over the last sampling second, as the cluster's own path carries them. Times
 * are in nanoseconds; {@code backPressured} is the share of that second the task spent waiting for
 * room downstream (0 to 1). Percentiles are over the task's latest sampled messages.
 */
public record TaskSample(int processorId, int index, long received, long sent, double receivedPerSecond,
                         double sentPerSecond, long processNanosP50, long processNanosP99, long latencyNanosP50,
                         long latencyNanosP99, int inboxDepth, double backPressured) {
}
