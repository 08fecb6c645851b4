package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
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
import io.gearpump.core.testing.Poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Operator chaining: a task whose only input is a one-to-one edge runs on its upstream task's thread,
 * called directly for each message; it still is a task of its own to the user (its counts, its end,
 * its failure, its timers).
 */
@Timeout(60)
class ChainingTest {

    /** The thread each task (app.processor.index) ran its onStart and onNext on. */
    static final Map<String, String> THREADS = new ConcurrentHashMap<>();

    /** Relays what it gets and notes the thread it runs on; with "failAt" it throws at that message. */
    public static class ThreadNotingRelay extends Task {
        private final long failAt;
        private long seen;

        public ThreadNotingRelay(TaskContext context, UserConfig config) {
            super(context, config);
            failAt = config.getLong("failAt", -1);
        }

        @Override
        public void onNext(Message message) {
            THREADS.merge(context.appId() + "." + context.taskId(), Thread.currentThread().getName(),
                    (a, b) -> a.equals(b) ? a : a + " AND " + b);
            if (++seen == failAt) {
                throw new IllegalStateException("relay fails at message " + failAt);
            }
            output(message);
        }
    }

    /** On its first message schedules a timer; the timer sends a self message, which outputs "late". */
    public static class LateReply extends Task {
        private boolean scheduled;

        public LateReply(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            if ("late".equals(message.value())) {
                output(new Message(-1L, 0));
            } else if (!scheduled) {
                scheduled = true;
                context.scheduleOnce(Duration.ofMillis(5), () -> context.sendToSelf(new Message("late", 0)));
            }
        }
    }

    /** Outputs one message at start, then keeps still until stopped (an hour's timer keeps it alive). */
    public static class OneThenStill extends Task {
        public OneThenStill(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            output(new Message(1L, 0));
            context.scheduleOnce(Duration.ofHours(1), () -> { });
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /** Takes "take" messages, then completes; counts what it got and its stop. */
    public static class TakeThenComplete extends Task {
        private long taken;

        public TakeThenComplete(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            context.counter("take.received").increment();
            output(message);
            if (++taken == config.getLong("take", 1)) {
                context.complete();
            }
        }

        @Override
        public void onStop() {
            context.counter("take.stopped").increment();
        }
    }

    private static Application chain(long count, long relayFailsAt) {
        return Application.of("chain", Graph.of(
                Processor.of(TestTasks.NumberSource.class, 2, "source", UserConfig.empty().with("count", count / 2))
                        .to(Partitioners.coLocation(), Processor.of(ThreadNotingRelay.class, 2, "relay",
                                UserConfig.empty().with("failAt", relayFailsAt)))
                        .to(Partitioners.coLocation(), Processor.of(TestTasks.CountingSink.class, 2, "sink"))));
    }

    private static AppStatus run(GearConfig config, Application app) throws InterruptedException {
        try (LocalEngine engine = new LocalEngine(config)) {
            return Termination.await(engine, engine.submit(app));
        }
    }

    @Test
    void chainedTasksRunOnTheirUpstreamTasksThreadAndGetEveryMessage() throws Exception {
        THREADS.clear();
        AppStatus s = run(GearConfig.defaults(), chain(100_000, -1));

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(100_000, s.counter("sink.received"));
        assertEquals(2 * (49_999L * 50_000 / 2), s.counter("sink.sum"), "0..49,999 from each source, each once");
        assertEquals(2, s.counter("sink.stopped"));
        assertEquals(100_000, s.received("relay"), "each chained task still counts what it got");
        assertEquals(100_000, s.received("sink"));
        for (int i = 0; i < 2; i++) {
            String thread = THREADS.get(s.appId() + ".1." + i);
            assertTrue(thread.startsWith("task-" + s.appId() + "-0." + i + "-source"),
                    "relay " + i + " ran on source " + i + "'s thread, not " + thread);
        }
    }

    @Test
    void withChainingOffEveryTaskHasItsOwnThread() throws Exception {
        THREADS.clear();
        AppStatus s = run(GearConfig.defaults().with("gearpump.task.chaining", "false"), chain(10_000, -1));

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(10_000, s.counter("sink.received"));
        for (int i = 0; i < 2; i++) {
            String thread = THREADS.get(s.appId() + ".1." + i);
            assertTrue(thread.startsWith("task-" + s.appId() + "-1." + i + "-relay"), thread);
        }
    }

    @Test
    void aChainedTaskThatThrowsFailsTheApplicationAsItself() throws Exception {
        AppStatus s = run(GearConfig.defaults(), chain(100_000, 1_000));

        assertEquals(AppState.FAILED, s.state(), s.toString());
        assertTrue(s.failure().contains("(relay)") && s.failure().contains("relay fails at message 1000"), s.failure());
        assertNotEquals(100_000, s.counter("sink.received"));
    }

    @Test
    void aChainedTaskThatCompletesEarlyStopsAloneAndItsUpstreamTaskGoesOn() throws Exception {
        AppStatus s = run(GearConfig.defaults(), Application.of("take", Graph.of(
                Processor.of(TestTasks.NumberSource.class, 1, "source", UserConfig.empty().with("count", 10_000))
                        .to(Partitioners.coLocation(), Processor.of(TakeThenComplete.class, 1, "take", UserConfig.empty().with("take", 100)))
                        .to(Partitioners.coLocation(), Processor.of(TestTasks.CountingSink.class, 1, "sink")))));

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(10_000, s.counter("source.emitted"), "the source went on to its end");
        assertEquals(100, s.counter("take.received"));
        assertEquals(1, s.counter("take.stopped"));
        assertEquals(100, s.counter("sink.received"), "what the completed task output before it completed, no more");
        assertEquals(1, s.counter("sink.stopped"));
    }

    @Test
    void killingAChainEndsEveryTaskOfIt() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(chain(Long.MAX_VALUE - 1, -1));
            Poll.until("the chain runs", () -> engine.status(id).counter("sink.received") > 10_000);
            AppStatus s = engine.kill(id);
            assertEquals(AppState.KILLED, s.state(), s.toString());
            AppStatus ended = Termination.await(engine, id);
            assertEquals(0, ended.processors().stream().mapToInt(p -> p.tasksRunning()).sum(), "no task still runs: " + ended);
        }
    }

    @Test
    void aChainedTasksTimersAndSelfMessagesRunWhileItsUpstreamTaskWaits() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("late", Graph.of(Processor.of(OneThenStill.class, 1, "still")
                    .to(Partitioners.coLocation(), Processor.of(LateReply.class, 1, "late"))
                    .to(Partitioners.shuffle(), Processor.of(TestTasks.CountingSink.class, 1, "sink")))));
            Poll.until("the chained task's timer output reached the sink", () -> engine.status(id).counter("sink.received") == 1);
            engine.stop(id);
            AppStatus s = Termination.await(engine, id);
            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(-1, s.counter("sink.sum"));
        }
    }
}
