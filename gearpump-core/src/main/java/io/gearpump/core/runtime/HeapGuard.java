package io.gearpump.core.runtime;

import com.sun.management.GarbageCollectionNotificationInfo;

import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

import javax.management.Notification;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a JVM that runs applications alive when they outgrow its heap. After every garbage
 * collection it looks at how full the heap still is; above the limit it fails the application with
 * the most tasks here, naming the cause, before an {@link OutOfMemoryError} lands in some thread of
 * the engine's own (an event loop, the master) and takes the whole process down with it. The
 * application then ends FAILED (or restarts, as its AppMaster decides) with that cause in its status.
 *
 * <p>One per JVM ({@link #shared}). {@link #collected} runs on the JVM's notification thread only
 * (and in tests on theirs), so its own fields need no lock; applications come and go from any thread.
 */
public final class HeapGuard {

    private static final Logger LOG = LoggerFactory.getLogger(HeapGuard.class);
    private static final long QUIET_NANOS = 5_000_000_000L; // after stopping one, let a collection show what it freed
    private static final HeapGuard SHARED = new HeapGuard(Runtime.getRuntime()::maxMemory, System::nanoTime);

    private final Set<ApplicationRun> runs = ConcurrentHashMap.newKeySet();
    private final LongSupplier maxHeap;
    private final LongSupplier nanoTime;
    private final java.util.concurrent.atomic.AtomicBoolean installed = new java.util.concurrent.atomic.AtomicBoolean();
    private volatile int limitPercent = 92;
    private long lastStopNanos; // the notification thread's
    private boolean stoppedOne; // the same

    HeapGuard(LongSupplier maxHeap, LongSupplier nanoTime) {
        this.maxHeap = maxHeap;
        this.nanoTime = nanoTime;
    }

    /** The JVM's guard, listening to its garbage collectors from the first {@link #watch}. */
    static HeapGuard shared() {
        return SHARED;
    }

    /** Watches {@code run} until {@link #forget}; {@code percent} (0: off) is the fullest heap after a collection it accepts. */
    void watch(ApplicationRun run, int percent) {
        limitPercent = percent;
        runs.add(run);
        if (this == SHARED && installed.compareAndSet(false, true)) {
            listenToCollectors();
        }
    }

    void forget(ApplicationRun run) {
        runs.remove(run);
    }

    /** A collection left {@code usedBytes} of the heap in use: stops the largest application when that is past the limit. */
    void collected(long usedBytes) {
        int percent = limitPercent;
        long max = maxHeap.getAsLong();
        if (percent <= 0 || max <= 0 || usedBytes * 100 < max * percent) {
            return;
        }
        long now = nanoTime.getAsLong();
        if (stoppedOne && now - lastStopNanos < QUIET_NANOS) {
            return;
        }
        ApplicationRun largest = runs.stream().filter(r -> !r.isFinal())
                .max(Comparator.comparingInt(ApplicationRun::taskCount)).orElse(null);
        if (largest == null) {
            return;
        }
        String why = String.format(Locale.ROOT,
                "out of memory: the JVM's heap was %d %% full after a garbage collection (%,d of %,d MB, the limit is"
                        + " gearpump.heap.guard.percent = %d), so application %s (%,d tasks in this JVM, the most of any)"
                        + " was stopped to keep the engine's own threads alive; give this JVM more heap (-Xmx; for"
                        + " executors gearpump.executor.jvm.opts) or lower the application's parallelism",
                usedBytes * 100 / max, usedBytes >> 20, max >> 20, percent, largest.appName(), largest.taskCount());
        LOG.error(why);
        stoppedOne = true;
        lastStopNanos = now;
        largest.fail(new HeapExhaustedException(why));
    }

    private void listenToCollectors() {
        Set<String> heapPools = ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == MemoryType.HEAP).map(MemoryPoolMXBean::getName).collect(Collectors.toSet());
        for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
            if (gc instanceof NotificationEmitter emitter) {
                emitter.addNotificationListener((Notification n, Object handback) -> {
                    if (GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION.equals(n.getType())) {
                        collected(usedAfter(GarbageCollectionNotificationInfo.from((CompositeData) n.getUserData()), heapPools));
                    }
                }, null, null);
            }
        }
    }

    private static long usedAfter(GarbageCollectionNotificationInfo info, Set<String> heapPools) {
        long used = 0;
        for (Map.Entry<String, MemoryUsage> e : info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
            if (heapPools.contains(e.getKey())) {
                used += e.getValue().getUsed();
            }
        }
        return used;
    }
}
