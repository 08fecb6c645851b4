package io.gearpump.core.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.MetricRegistry;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;
import java.util.List;

/** A JVM's heap, collections, threads and CPU share, as gauges named {@code <scope>:heapUsed} and so on. */
final class JvmGauges {

    private final int executorId;
    private final MemoryMXBean memory = ManagementFactory.getMemoryMXBean();
    private final List<GarbageCollectorMXBean> collectors = ManagementFactory.getGarbageCollectorMXBeans();
    private final ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    private final java.lang.management.OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();

    JvmGauges(MetricRegistry registry, String scope, int executorId) {
        this.executorId = executorId;
        registry.gauge(scope + ":heapUsed", () -> (Gauge<Long>) () -> memory.getHeapMemoryUsage().getUsed());
        registry.gauge(scope + ":heapMax", () -> (Gauge<Long>) () -> memory.getHeapMemoryUsage().getMax());
        registry.gauge(scope + ":gcCount", () -> (Gauge<Long>) this::gcCount);
        registry.gauge(scope + ":gcTimeMillis", () -> (Gauge<Long>) this::gcMillis);
        registry.gauge(scope + ":threads", () -> (Gauge<Integer>) threads::getThreadCount);
        registry.gauge(scope + ":cpuLoad", () -> (Gauge<Double>) this::cpuLoad);
    }

    ExecutorSample sample() {
        var heap = memory.getHeapMemoryUsage();
        return new ExecutorSample(executorId, heap.getUsed(), heap.getMax(), gcCount(), gcMillis(), threads.getThreadCount(), cpuLoad());
    }

    private long gcCount() {
        return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionCount())).sum();
    }

    private long gcMillis() {
        return collectors.stream().mapToLong(c -> Math.max(0, c.getCollectionTime())).sum();
    }

    /** This process's share of the machine's CPU over the recent past, or -1 where the JVM cannot tell. */
    private double cpuLoad() {
        return os instanceof com.sun.management.OperatingSystemMXBean sun ? sun.getProcessCpuLoad() : -1;
    }
}
