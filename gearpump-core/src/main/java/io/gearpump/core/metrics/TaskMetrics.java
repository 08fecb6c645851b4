package io.gearpump.core.metrics;

import com.codahale.metrics.Gauge;
import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;
import com.codahale.metrics.Metric;
import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.SlidingWindowReservoir;
import com.codahale.metrics.Snapshot;

/**
 * One task's dropwizard metrics, named {@code <scope>:receiveThroughput} and so on, where the scope
 * is {@code app<A>.processor<P>.task<I>}: meters of the messages received and sent, histograms of
 * the processing time of one message and of a batch's receive latency (from its sender handing it
 * over, or from its arrival off the network, to the task taking it), both in nanoseconds, and gauges
 * of the inbox depth and the time spent back-pressured.
 *
 * <p>Threads: {@link #sampleBatch} and the histogram updates come from the task's thread; {@link #sample}
 * from the sampling thread only (it marks the meters, so the task's hot path never touches them);
 * reporters read the dropwizard metrics from theirs.
 */
public final class TaskMetrics {

    /** Metrics turned off: nothing is ever sampled or kept. */
    public static final TaskMetrics OFF = new TaskMetrics();

    private static final int RESERVOIR = 256; // the latest samples: percentiles that follow the traffic
    private static final long SAMPLE_AT_LEAST_EVERY_NANOS = 100_000_000L;

    private final int processorId;
    private final int index;
    private final TaskProbe probe;
    private final int sampleEvery;
    private final Meter receiveThroughput;
    private final Meter sendThroughput;
    private final Histogram processTime;
    private final Histogram receiveLatency;
    private int untilSample;          // task thread
    private long lastSampledBatchNanos; // task thread
    private long lastReceived;        // sampling thread, from here down
    private long lastSent;
    private long lastBackPressured;
    private long lastSampleNanos;
    private long processCount;
    private long latencyCount;
    private Snapshot processSnapshot = EMPTY;
    private Snapshot latencySnapshot = EMPTY;
    private volatile TaskSample latest;
    private final java.util.Map<String, Metric> owned = new java.util.HashMap<>(); // by name

    private static final Snapshot EMPTY = new com.codahale.metrics.UniformSnapshot(new long[0]);

    private TaskMetrics() {
        this.processorId = -1;
        this.index = -1;
        this.probe = null;
        this.sampleEvery = Integer.MAX_VALUE;
        this.untilSample = Integer.MAX_VALUE;
        this.receiveThroughput = null;
        this.sendThroughput = null;
        this.processTime = null;
        this.receiveLatency = null;
    }

    TaskMetrics(MetricRegistry registry, String scope, int processorId, int index, TaskProbe probe, int sampleEvery,
                long nowNanos) {
        this.processorId = processorId;
        this.index = index;
        this.probe = probe;
        this.sampleEvery = sampleEvery;
        this.untilSample = sampleEvery;
        this.receiveThroughput = own(registry, scope + ":receiveThroughput", new Meter());
        this.sendThroughput = own(registry, scope + ":sendThroughput", new Meter());
        this.processTime = own(registry, scope + ":processTime", new Histogram(new SlidingWindowReservoir(RESERVOIR)));
        this.receiveLatency = own(registry, scope + ":receiveLatency", new Histogram(new SlidingWindowReservoir(RESERVOIR)));
        own(registry, scope + ":inboxDepth", (Gauge<Integer>) probe::inboxDepth);
        own(registry, scope + ":backPressuredMillis", (Gauge<Long>) () -> probe.backPressuredNanos() / 1_000_000);
        this.lastSampleNanos = nowNanos;
    }

    /** Registers {@code metric} under {@code name}, replacing what an earlier run of the same task left there. */
    private <M extends Metric> M own(MetricRegistry registry, String name, M metric) {
        registry.remove(name);
        owned.put(name, metric);
        return registry.register(name, metric);
    }

    /**
     * Takes this task's metrics, and only them (a later run of the task may have replaced them), out of
     * {@code registry}: by name, as a scan of the registry per task took minutes for 15,000 tasks.
     */
    void removeFrom(MetricRegistry registry) {
        owned.forEach((name, metric) -> {
            if (registry.getMetrics().get(name) == metric) {
                registry.remove(name);
            }
        });
    }

    /**
     * Whether this batch of {@code size} messages, handed over at {@code sentNanos}, is sampled: one
     * message in {@code gearpump.metrics.sample.rate}, and at least one batch per 100 ms of traffic so
     * slow streams are seen too. Task thread; the cost of a batch that is not sampled is this call.
     */
    public boolean sampleBatch(int size, long sentNanos) {
        if (probe == null) {
            return false; // OFF, shared by every task: never written
        }
        untilSample -= size;
        if (untilSample > 0 && sentNanos - lastSampledBatchNanos < SAMPLE_AT_LEAST_EVERY_NANOS) {
            return false;
        }
        untilSample = sampleEvery;
        lastSampledBatchNanos = sentNanos;
        return true;
    }

    /** Task thread: a sampled batch waited this long between its sender and this task. */
    public void receiveLatency(long nanos) {
        receiveLatency.update(Math.max(0, nanos));
    }

    /** Task thread: one sampled message took this long to process. */
    public void processTime(long nanos) {
        processTime.update(Math.max(0, nanos));
    }

    /** Sampling thread: marks the meters with what the task did since the last call and keeps it as {@link #latest}. */
    void sample(long nowNanos) {
        long received = probe.received();
        long sent = probe.sent();
        long pressured = probe.backPressuredNanos();
        double seconds = Math.max(1e-3, (nowNanos - lastSampleNanos) / 1e9);
        receiveThroughput.mark(received - lastReceived);
        sendThroughput.mark(sent - lastSent);
        // a snapshot sorts the reservoir: only when it changed; a task that sampled nothing this second shows none
        processSnapshot = processTime.getCount() == processCount ? EMPTY : processTime.getSnapshot();
        processCount = processTime.getCount();
        latencySnapshot = receiveLatency.getCount() == latencyCount ? EMPTY : receiveLatency.getSnapshot();
        latencyCount = receiveLatency.getCount();
        latest = new TaskSample(processorId, index, received, sent, (received - lastReceived) / seconds,
                (sent - lastSent) / seconds, (long) processSnapshot.getMedian(), (long) processSnapshot.get99thPercentile(),
                (long) latencySnapshot.getMedian(), (long) latencySnapshot.get99thPercentile(), probe.inboxDepth(),
                Math.min(1, (pressured - lastBackPressured) / 1e9 / seconds));
        lastReceived = received;
        lastSent = sent;
        lastBackPressured = pressured;
        lastSampleNanos = nowNanos;
    }

    /** The last second's sample; {@code null} before the first. */
    TaskSample latest() {
        return latest;
    }
}
