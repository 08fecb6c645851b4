package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.sol.SOLStreamProcessor;

import java.time.Duration;
import java.time.Instant;

/**
 * The latency workload: paced sources ({@code rate} msgs/s in total, 100-byte payload, stamped with
 * {@code System.nanoTime()} as they are output) -> hash edge by sequence number -> sinks recording
 * how long each message took. The sinks record into {@link #HISTOGRAM}, shared with the benchmark
 * driver in the same JVM.
 */
final class LatencyWorkload {

    static final LatencyHistogram HISTOGRAM = new LatencyHistogram();
    static final String RATE_PER_TASK = "latency.ratePerTask";
    static final String MIN_TICK_MICROS = "latency.minTickMicros";
    private static final byte[] PAYLOAD = new byte[100];

    record Probe(long seq, long sentNanos, byte[] payload) {
    }

    private LatencyWorkload() {
    }

    static Application application(int parallelism, long totalRate, int minTickMicros) {
        return application(parallelism, totalRate, minTickMicros, false);
    }

    /** {@code relay}: an identity stage before the sinks, one-to-one (so chained to them, unless chaining is off). */
    static Application application(int parallelism, long totalRate, int minTickMicros, boolean relay) {
        UserConfig config = UserConfig.empty().with(RATE_PER_TASK, (double) totalRate / parallelism)
                .with(MIN_TICK_MICROS, minTickMicros);
        Processor source = Processor.of(PacedSource.class, parallelism, "paced-source", config);
        Processor sink = Processor.of(LatencySink.class, parallelism, "latency-sink");
        Partitioner bySeq = Partitioners.groupBy(m -> ((Probe) m.value()).seq());
        Graph graph = relay
                ? Graph.of(source.to(bySeq, Processor.of(SOLStreamProcessor.class, parallelism, "relay")).to(Partitioners.coLocation(), sink))
                : Graph.of(source.to(bySeq, sink));
        return Application.of("latency", graph);
    }

    /**
     * Outputs every message that is due by now, then sleeps on a timer until the next one is, but at
     * least {@code minTickMicros} (waking per message would cost a core for nothing: each message is
     * stamped when it is output, so waiting longer between bursts does not hide latency).
     */
    public static class PacedSource extends Task {
        private final double ratePerNano;
        private final long minTickNanos;
        private long start;
        private long emitted;
        private long seq;

        public PacedSource(TaskContext context, UserConfig config) {
            super(context, config);
            ratePerNano = config.getDouble(RATE_PER_TASK, 50_000) / 1e9;
            minTickNanos = config.getLong(MIN_TICK_MICROS, 0) * 1000;
            seq = (long) context.taskId().index() << 40;
        }

        @Override
        public void onStart(Instant startTime) {
            start = System.nanoTime();
            emitDue();
        }

        @Override
        public void onNext(Message message) {
        }

        private void emitDue() {
            long now = System.nanoTime();
            long due = (long) ((now - start) * ratePerNano) - emitted;
            long millis = System.currentTimeMillis();
            for (long i = 0; i < due; i++) {
                output(new Message(new Probe(seq++, System.nanoTime(), PAYLOAD), millis));
            }
            emitted += due;
            long nextDue = start + (long) ((emitted + 1) / ratePerNano);
            context.scheduleOnce(Duration.ofNanos(Math.max(minTickNanos, nextDue - System.nanoTime())), this::emitDue);
        }
    }

    public static class LatencySink extends Task {
        public LatencySink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            HISTOGRAM.record(System.nanoTime() - ((Probe) message.value()).sentNanos());
        }
    }
}
