package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.metrics.TaskSample;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.testing.Poll;

import com.codahale.metrics.Histogram;
import com.codahale.metrics.Meter;

import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a person watching a job sees of its tasks: rates, processing time, latency, queues and back pressure. */
@Timeout(60)
class TaskMetricsTest {

    private static final long SPIN_NANOS = 50_000;

    /** Spends {@link #SPIN_NANOS} on every message, on the CPU, like a costly computation. */
    public static class SlowSink extends Task {
        public SlowSink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            long end = System.nanoTime() + SPIN_NANOS;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    private static Application fastIntoSlow() {
        Processor source = Processor.of(NumberSource.class, 1, "source", UserConfig.empty().with("perTick", 1_000));
        Processor sink = Processor.of(SlowSink.class, 1, "sink");
        return Application.of("fast-into-slow", Graph.of(source.to(sink)));
    }

    @Test
    void aSlowSinkShowsItsProcessingTimeAFullInboxAndABackPressuredSource() throws Exception {
        GearConfig config = GearConfig.of(Map.of("gearpump.metrics.sample.rate", "10", "gearpump.task.inbox.capacity", "1024"));
        try (LocalEngine engine = new LocalEngine(config)) {
            int id = engine.submit(fastIntoSlow());

            List<TaskSample> seen = Poll.until("a second of metrics from both tasks", Duration.ofSeconds(30),
                    () -> engine.taskSamples(id), s -> s.size() == 2 && sample(s, 1).receivedPerSecond() > 0
                            && sample(s, 1).processNanosP50() > 0 && sample(s, 0).backPressured() > 0);

            TaskSample sink = sample(seen, 1);
            TaskSample source = sample(seen, 0);
            assertTrue(sink.processNanosP50() >= SPIN_NANOS, "median processing time " + sink.processNanosP50() + " ns");
            assertTrue(sink.receivedPerSecond() <= 1e9 / SPIN_NANOS * 1.1, "a 50 us sink cannot take more than 20 k/s: " + sink);
            assertTrue(sink.inboxDepth() > 0, "the slow sink's inbox holds messages: " + sink);
            assertTrue(sink.latencyNanosP50() > 0, "batches wait in the full inbox: " + sink);
            assertTrue(source.backPressured() > 0.5, "the source waits most of the time for room: " + source);
            assertTrue(source.sentPerSecond() > 0, source.toString());

            Meter received = engine.metrics().registry().getMeters().get("app" + id + ".processor1.task0:receiveThroughput");
            Histogram processTime = engine.metrics().registry().getHistograms().get("app" + id + ".processor1.task0:processTime");
            assertTrue(received.getCount() > 0 && received.getCount() <= engine.status(id).processor("sink").received());
            assertTrue(processTime.getCount() > 0);

            engine.kill(id);
            assertTrue(engine.taskSamples(id).isEmpty(), "an ended application has no current rates");
            assertTrue(engine.metrics().registry().getNames().stream().noneMatch(n -> n.startsWith("app" + id + ".processor")),
                    "an ended application's metrics leave the registry: " + engine.metrics().registry().getNames());
            assertEquals(AppState.KILLED, engine.status(id).state());
        }
    }

    /** Takes one message and then never returns until killed: its upstream waits for room for good. */
    public static class StuckSink extends Task {
        public StuckSink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            try {
                new java.util.concurrent.CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Test
    void aSourceBlockedForGoodShowsItWhileTheWaitLasts() throws Exception {
        GearConfig config = GearConfig.of(Map.of("gearpump.task.inbox.capacity", "1024"));
        try (LocalEngine engine = new LocalEngine(config)) {
            int id = engine.submit(Application.of("stuck", Graph.of(Processor.of(NumberSource.class, 1, "source",
                    UserConfig.empty().with("perTick", 1_000)).to(Processor.of(StuckSink.class, 1, "sink")))));

            List<TaskSample> blocked = Poll.until("two seconds of a blocked source", Duration.ofSeconds(30),
                    () -> engine.taskSamples(id), s -> s.size() == 2 && sample(s, 0).sent() > 0
                            && sample(s, 0).sentPerSecond() == 0 && sample(s, 0).backPressured() > 0.9);

            assertTrue(sample(blocked, 1).inboxDepth() > 0, "the stuck sink's inbox is full: " + sample(blocked, 1));
            engine.kill(id);
        }
    }

    @Test
    void withMetricsDisabledNothingIsSampledOrRegistered() throws Exception {
        GearConfig off = GearConfig.of(Map.of("gearpump.metrics.enabled", "false"));
        try (LocalEngine engine = new LocalEngine(off)) {
            int id = engine.submit(fastIntoSlow());
            Poll.until("the sink to receive messages", () -> engine.status(id).processor("sink").received() > 1_000);

            assertTrue(engine.taskSamples(id).isEmpty());
            assertTrue(engine.metrics().registry().getNames().isEmpty(), engine.metrics().registry().getNames().toString());
            assertEquals(null, engine.metrics().executor());
        }
    }

    private static TaskSample sample(List<TaskSample> samples, int processorId) {
        return samples.stream().filter(t -> t.processorId() == processorId).findFirst().orElseThrow();
    }
}
