package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.testing.Poll;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Watermarks flow from sources to sinks as the minimum over inputs, and end at Instant.MAX. */
@Timeout(60)
class WatermarkTest {

    /**
     * Declares watermark "first", outputs one message at it, and after "laterAfterMs" (when set)
     * declares "later". Keeps running (on an idle periodic timer) until the application is stopped.
     */
    public static class WatermarkSource extends Task {
        public WatermarkSource(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            long first = config.getLong("first", 0);
            context.updateWatermark(Instant.ofEpochMilli(first));
            output(new Message("at " + first, first));
            long laterAfter = config.getLong("laterAfterMs", -1);
            if (laterAfter >= 0) {
                long later = config.getLong("later", 0);
                context.scheduleOnce(Duration.ofMillis(laterAfter), () -> context.updateWatermark(Instant.ofEpochMilli(later)));
            }
            context.schedule(Duration.ofMillis(5), Duration.ofMillis(5), () -> { });
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /**
     * One task that records what it sees of its input watermark through counters: "wm.latest" and
     * "wm.clock" (upstreamMinClock) hold the latest value before the end, "wm.max" the greatest,
     * "wm.end" counts Instant.MAX, "wm.backwards" counts any step back.
     */
    public static class WatermarkSink extends Task {
        private long latest;
        private long clock;
        private long max;

        public WatermarkSink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            context.counter("sink.received").increment();
        }

        @Override
        public void onWatermark(Instant watermark) {
            if (watermark.equals(Instant.MAX)) {
                context.counter("wm.end").increment();
                return;
            }
            long ms = watermark.toEpochMilli();
            if (ms < latest) {
                context.counter("wm.backwards").increment();
            }
            context.counter("wm.latest").add(ms - latest);
            latest = ms;
            long upstream = context.upstreamMinClock().toEpochMilli();
            context.counter("wm.clock").add(upstream - clock);
            clock = upstream;
            if (ms > max) {
                context.counter("wm.max").add(ms - max);
                max = ms;
            }
        }
    }

    @Test
    void sinkSeesTheMinimumOfItsSourcesWatermarksAndTheClockEndsAtMax() throws Exception {
        Processor fast = Processor.of(WatermarkSource.class, 1, "fast", UserConfig.empty().with("first", 2_000));
        Processor slow = Processor.of(WatermarkSource.class, 1, "slow",
                UserConfig.empty().with("first", 1_000).with("later", 3_000).with("laterAfterMs", 20));
        Processor sink = Processor.of(WatermarkSink.class, 1, "sink");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("watermarks", Graph.of(fast.to(sink), slow.to(sink))));

            // slow moves from 1000 to 3000 while fast stays at 2000: the sink's input watermark must
            // settle at 2000. Watermarks never move back, so seeing 2000 last also proves it never saw 3000.
            AppStatus running = Poll.until("the sink and the application clock to settle at 2000", () -> engine.status(id),
                    s -> Instant.ofEpochMilli(2_000).equals(s.clock())
                            && s.counter("wm.latest") == 2_000 && s.counter("wm.clock") == 2_000);
            assertEquals(AppState.RUNNING, running.state());

            engine.stop(id);
            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(Instant.MAX, s.clock());
            assertEquals(1, s.counter("wm.end"));
            assertEquals(0, s.counter("wm.backwards"));
            assertEquals(2, s.counter("sink.received"));
        }
    }

    /**
     * 100 sources x 100 sinks: each source has more channels than it sends a watermark alone on, so
     * the sinks, which get no data from most of them, learn the watermark from what the sources
     * published once flushed. Every sink must see the last one while the application runs.
     */
    @Test
    void withThousandsOfChannelsEverySinkStillSeesTheWatermarkWhileRunning() throws Exception {
        int par = 100;
        Processor sources = Processor.of(WatermarkSource.class, par, "sources",
                UserConfig.empty().with("first", 1_000).with("later", 3_000).with("laterAfterMs", 20));
        Processor sinks = Processor.of(WatermarkSink.class, par, "sinks");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("wide", Graph.of(sources.to(Partitioners.shuffle(), sinks))));

            AppStatus running = Poll.until("every sink to see watermark 3000", () -> engine.status(id),
                    s -> s.counter("wm.latest") == 3_000L * par && Instant.ofEpochMilli(3_000).equals(s.clock()));
            assertEquals(AppState.RUNNING, running.state());
            assertEquals(0, running.counter("wm.backwards"));
            assertEquals(par, running.counter("sink.received"), "one message from each source");

            engine.stop(id);
            AppStatus s = Termination.await(engine, id);
            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(par, s.counter("wm.end"));
        }
    }

    @Test
    void sourceWithoutDeclaredWatermarkAdvancesByItsTimestamps() throws Exception {
        long n = 2_000;
        Processor source = Processor.of(NumberSource.class, 1, "source",
                UserConfig.empty().with("count", n).with("perTick", 100));
        Processor sink = Processor.of(WatermarkSink.class, 1, "sink");
        GearConfig smallBatches = GearConfig.defaults().with("gearpump.task.batch.size", "100");
        try (LocalEngine engine = new LocalEngine(smallBatches)) {
            int id = engine.submit(Application.of("stamped", Graph.of(source.to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            long max = s.counter("wm.max");
            assertTrue(max >= 99 && max < n, "watermarks before the end follow the timestamps 0.." + (n - 1)
                    + "; greatest seen " + max);
            assertEquals(0, s.counter("wm.backwards"));
            assertEquals(1, s.counter("wm.end"));
            assertEquals(Instant.MAX, s.clock());
        }
    }
}
