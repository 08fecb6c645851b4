package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.CountingSink;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.runtime.TestTasks.Relay;
import io.gearpump.core.testing.Poll;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Submission, status and the lifecycle of applications on a {@link LocalEngine}. */
@Timeout(60)
class LocalEngineTest {

    private static Processor source(long count) {
        UserConfig c = UserConfig.empty().with("perTick", 100);
        return Processor.of(NumberSource.class, 1, "source", count < 0 ? c : c.with("count", count));
    }

    private static Processor sink(int parallelism) {
        return Processor.of(CountingSink.class, parallelism, "sink");
    }

    private static Application sourceToSink(long count) {
        return Application.of("numbers", Graph.of(source(count).to(sink(2))));
    }

    @Test
    void finiteSourceIntoParallelSinkSucceedsWithExactCounts() throws Exception {
        long n = 10_000;
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(sourceToSink(n));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(n, s.counter("source.emitted"));
            assertEquals(n, s.counter("sink.received"));
            assertEquals(n * (n - 1) / 2, s.counter("sink.sum"));
            assertEquals(1, s.counter("source.stopped"));
            assertEquals(2, s.counter("sink.stopped"));
            assertEquals(n, s.counter("sink.task0.received") + s.counter("sink.task1.received"));
            assertEquals(new ProcessorStatus(0, "source", 1, 0, n, 0), s.processor("source"));
            assertEquals(new ProcessorStatus(1, "sink", 2, n, 0, 0), s.processor("sink"));
            assertTrue(s.failureCause().isEmpty());
            assertEquals("numbers", s.name());
            assertNotNull(s.finished());
            assertFalse(s.finished().isBefore(s.submitted()));
        }
    }

    @Test
    void applicationIdsStartAtOneAndListShowsEveryApplication() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int first = engine.submit(sourceToSink(10));
            int second = engine.submit(Application.of("other", Graph.of(source(5))));
            Termination.await(engine, first);
            Termination.await(engine, second);

            List<AppStatus> all = engine.list();

            assertEquals(1, first);
            assertEquals(2, second);
            assertEquals(List.of("numbers", "other"), all.stream().map(AppStatus::name).toList());
            assertEquals(List.of(AppState.SUCCEEDED, AppState.SUCCEEDED), all.stream().map(AppStatus::state).toList());
            assertEquals(5, engine.status(second).counter("source.emitted"), "counters are per application");
        }
    }

    @Test
    void unknownApplicationIdIsNamedWithTheKnownOnes() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            UnknownApplicationException none = assertThrows(UnknownApplicationException.class, () -> engine.status(7));
            assertEquals("unknown application id 7 (no applications submitted)", none.getMessage());

            int id = engine.submit(sourceToSink(10));
            Termination.await(engine, id);

            assertEquals("unknown application id 99 (known ids: [1])",
                    assertThrows(UnknownApplicationException.class, () -> engine.status(99)).getMessage());
            assertThrows(UnknownApplicationException.class, () -> engine.stop(99));
            assertThrows(UnknownApplicationException.class, () -> engine.kill(99));
            assertThrows(UnknownApplicationException.class, () -> engine.awaitTermination(99, Duration.ZERO));
        }
    }

    @Test
    void stopDrainsAnEndlessSourceAndSucceedsAfterOnStop() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(sourceToSink(-1));
            Poll.until("the sink to receive data", () -> engine.status(id), s -> s.counter("sink.received") > 1_000);

            engine.stop(id);
            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(1, s.counter("source.stopped"));
            assertEquals(2, s.counter("sink.stopped"));
            assertEquals(s.counter("source.emitted"), s.counter("sink.received"), "everything in flight was processed");
            assertEquals(s.processor("source").sent(), s.processor("sink").received());
            assertEquals(Instant.MAX, s.clock());
        }
    }

    @Test
    void killEndsAnEndlessApplicationWithoutOnStop() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(sourceToSink(-1));
            Poll.until("the sink to receive data", () -> engine.status(id), s -> s.counter("sink.received") > 0);

            AppStatus killed = engine.kill(id);

            assertEquals(AppState.KILLED, killed.state());
            assertEquals(0, killed.processor("source").tasksRunning() + killed.processor("sink").tasksRunning(),
                    "every task ended within kill: " + killed);
            assertEquals(0, killed.counter("source.stopped"));
            assertEquals(0, killed.counter("sink.stopped"));
            assertNotNull(killed.finished());
            assertNull(killed.failure());
            assertEquals(AppState.KILLED, engine.awaitTermination(id, Duration.ofSeconds(1)).state());
            engine.stop(id); // too late to matter
            assertEquals(AppState.KILLED, engine.status(id).state());
        }
    }

    @Test
    void closingTheEngineKillsRunningApplications() throws Exception {
        LocalEngine engine = new LocalEngine(GearConfig.defaults());
        int id;
        try {
            id = engine.submit(sourceToSink(-1));
            Poll.until("the sink to receive data", () -> engine.status(id), s -> s.counter("sink.received") > 0);
        } finally {
            engine.close();
        }

        AppStatus s = engine.status(id);
        assertEquals(AppState.KILLED, s.state());
        assertEquals(0, s.processor("source").tasksRunning() + s.processor("sink").tasksRunning());
    }

    @Test
    void threeStagePipelineEndsWithOnStopOncePerTaskAtEveryStage() throws Exception {
        long n = 3_000;
        Processor relay = Processor.of(Relay.class, 3, "relay");
        Graph graph = Graph.of(source(n).to(Partitioners.shuffle(), relay).to(sink(2)));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("pipeline", graph));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(1, s.counter("source.stopped"));
            assertEquals(3, s.counter("relay.stopped"));
            assertEquals(2, s.counter("sink.stopped"));
            assertEquals(n, s.counter("relay.received"));
            assertEquals(n, s.counter("sink.received"));
            assertEquals(n * (n - 1) / 2, s.counter("sink.sum"));
            assertEquals(new ProcessorStatus(1, "relay", 3, n, n, 0), s.processor("relay"));
            assertEquals(Instant.MAX, s.clock(), "every task's watermark is at the end");
        }
    }

    /** Reports, through counters, the "who" setting it sees. */
    public static class ConfigReader extends Task {
        public ConfigReader(TaskContext context, UserConfig config) {
            super(context, config);
            context.counter("who=" + config.getString("who", "unset")).increment();
            context.counter("app=" + config.getString("app", "unset")).increment();
        }

        @Override
        public void onNext(Message message) {
        }
    }

    @Test
    void processorConfigIsLaidOverTheApplicationConfig() throws Exception {
        Processor plain = Processor.of(ConfigReader.class, 2, "plain");
        Processor custom = Processor.of(ConfigReader.class, 1, "custom", UserConfig.empty().with("who", "processor"));
        UserConfig appConfig = UserConfig.empty().with("who", "application").with("app", "yes");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("config", Graph.of(plain, custom), appConfig));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), "tasks with nothing to do end by themselves: " + s);
            assertEquals(2, s.counter("who=application"));
            assertEquals(1, s.counter("who=processor"));
            assertEquals(3, s.counter("app=yes"));
        }
    }
}
