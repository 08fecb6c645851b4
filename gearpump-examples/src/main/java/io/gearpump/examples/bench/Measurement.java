package io.gearpump.examples.bench;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.util.Locale;
import java.util.function.LongSupplier;

/**
 * The measuring loop shared by every workload, the same as the peers' harness: wait for the first
 * item, warm up, then count items over one-second windows. Also CPU time (2.00 = both cores busy)
 * and GC time over the measured window, and the bytes this JVM allocated per item in it.
 */
final class Measurement {

    record Result(double perSecond, double min1s, double max1s, double secs, double cpuCores, long gcMillis,
                  long firstItemMillis, double allocatedPerItem) {

        String format(String unit) {
            return String.format(Locale.ROOT, "%s=%.0f min_1s=%.0f max_1s=%.0f secs=%.1f cpu_cores=%.2f gc_ms=%d first_item_ms=%d rss_peak_mb=%d alloc_bytes_per_item=%.1f",
                    unit, perSecond, min1s, max1s, secs, cpuCores, gcMillis, firstItemMillis, peakResidentMegabytes(),
                    allocatedPerItem);
        }

        /** As {@link #format}, with the time from the submission (at JVM uptime {@code submittedMillis}) to the first item. */
        String formatSince(long submittedMillis, String unit) {
            return format(unit) + " submit_to_first_item_ms=" + (firstItemMillis - submittedMillis);
        }
    }

    /** {@code -Dbench.trace=true}: each second's rate on stderr, to see a slow second when it happens. */
    private static final boolean TRACE = Boolean.getBoolean("bench.trace");

    private Measurement() {
    }

    /** {@code beforeWindow} runs right before the measured window starts (e.g. to snapshot a histogram). */
    static Result run(LongSupplier count, int warmupSeconds, int seconds, Runnable beforeWindow) throws InterruptedException {
        return run(count, warmupSeconds, seconds, beforeWindow, () -> 0);
    }

    /** As above, adding {@code otherCpuNanos} (e.g. another process's CPU time) to this process's. */
    static Result run(LongSupplier count, int warmupSeconds, int seconds, Runnable beforeWindow,
                      LongSupplier otherCpuNanos) throws InterruptedException {
        long deadline = System.nanoTime() + 120_000_000_000L;
        while (count.getAsLong() == 0) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("no item was counted within 120 s");
            }
            Thread.sleep(1);
        }
        long firstItemMillis = ManagementFactory.getRuntimeMXBean().getUptime();
        Thread.sleep(warmupSeconds * 1000L);

        com.sun.management.OperatingSystemMXBean os =
                (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
        beforeWindow.run();
        long gc0 = gcMillis();
        long allocated0 = allocatedBytes();
        long cpu0 = os.getProcessCpuTime() + otherCpuNanos.getAsLong();
        long c0 = count.getAsLong();
        long t0 = System.nanoTime();
        double min = Double.MAX_VALUE;
        double max = 0;
        long prevCount = c0;
        long prevTime = t0;
        for (int s = 1; s <= seconds; s++) {
            long target = t0 + s * 1_000_000_000L;
            long now;
            while ((now = System.nanoTime()) < target) {
                Thread.sleep(Math.max(1, (target - now) / 1_000_000));
            }
            long c = count.getAsLong();
            double rate = (c - prevCount) * 1e9 / (now - prevTime);
            if (TRACE) {
                System.err.printf(Locale.ROOT, "second=%d rate=%.0f%n", s, rate);
            }
            min = Math.min(min, rate);
            max = Math.max(max, rate);
            prevCount = c;
            prevTime = now;
        }
        double secs = (prevTime - t0) / 1e9;
        double cores = (os.getProcessCpuTime() + otherCpuNanos.getAsLong() - cpu0) / 1e9 / secs;
        double allocatedPerItem = (allocatedBytes() - allocated0) / (double) Math.max(1, prevCount - c0);
        return new Result((prevCount - c0) / secs, min, max, secs, cores, gcMillis() - gc0, firstItemMillis, allocatedPerItem);
    }

    /** The most memory this process has held resident so far (Linux VmHWM), -1 where that is not known. */
    static long peakResidentMegabytes() {
        try {
            for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status"))) {
                if (line.startsWith("VmHWM:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or a format we do not know: say so with -1
        }
        return -1;
    }

    /** Bytes allocated on the heap by every thread of this JVM so far (virtual threads count on their carriers). */
    static long allocatedBytes() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean()).getTotalThreadAllocatedBytes();
    }

    static long gcMillis() {
        long total = 0;
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            total += Math.max(0, gc.getCollectionTime());
        }
        return total;
    }
}
