package io.gearpump.core.metrics;

import java.util.List;

/**
 * A processor's metrics at one moment, summed over its tasks: rates and inbox depth add up; a
 * percentile is its tasks' median-weighted by rate for p50 and the worst task's for p99, so a slow
 * task shows; {@code backPressured} is the most back-pressured task's share.
 */
public record ProcessorSample(int processorId, long timeMillis, double receivedPerSecond, double sentPerSecond,
                              long processNanosP50, long processNanosP99, long latencyNanosP50, long latencyNanosP99,
                              long inboxDepth, double backPressured, int tasks) {

    /** The processor's tasks' samples, summed; {@code null} when there are none. */
    public static ProcessorSample of(int processorId, long timeMillis, List<TaskSample> tasks) {
        if (tasks.isEmpty()) {
            return null;
        }
        double received = 0;
        double sent = 0;
        double weightedProcess = 0;
        double weightedLatency = 0;
        long processP99 = 0;
        long latencyP99 = 0;
        long depth = 0;
        double pressure = 0;
        for (TaskSample t : tasks) {
            received += t.receivedPerSecond();
            sent += t.sentPerSecond();
            double weight = Math.max(t.receivedPerSecond(), 1e-9);
            weightedProcess += weight * t.processNanosP50();
            weightedLatency += weight * t.latencyNanosP50();
            processP99 = Math.max(processP99, t.processNanosP99());
            latencyP99 = Math.max(latencyP99, t.latencyNanosP99());
            depth += t.inboxDepth();
            pressure = Math.max(pressure, t.backPressured());
        }
        double weights = tasks.stream().mapToDouble(t -> Math.max(t.receivedPerSecond(), 1e-9)).sum();
        return new ProcessorSample(processorId, timeMillis, received, sent, Math.round(weightedProcess / weights), processP99,
                Math.round(weightedLatency / weights), latencyP99, depth, pressure, tasks.size());
    }
}
