package io.gearpump.core.metrics;

/** One executor JVM's vital signs: heap in bytes, collections and their time since start, threads, CPU share (0 to 1, -1 unknown). */
public record ExecutorSample(int executorId, long heapUsed, long heapMax, long gcCount, long gcMillis, int threads,
                             double cpuLoad) {
}
