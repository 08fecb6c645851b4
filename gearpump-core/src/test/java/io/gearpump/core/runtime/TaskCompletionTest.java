package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.testing.Poll;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@code context.complete()} ends the task once the current call returns: after it only
 * {@code onStop} runs, whether more messages, self messages, timers or watermarks are pending.
 */
@Timeout(60)
class TaskCompletionTest {

    /** Task time stands still until the test moves it. */
    private final AtomicLong nanos = new AtomicLong();

    private LocalEngine engine() {
        return new LocalEngine(GearConfig.defaults(), Clock.systemUTC(), nanos::get);
    }

    /** Two one-shot timers due at the same time; the first completes the task. */
    public static class CompletesInATimer extends Task {
        public CompletesInATimer(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.scheduleOnce(Duration.ofMillis(1), () -> {
                context.counter("first.fired").increment();
                context.complete();
            });
            context.scheduleOnce(Duration.ofMillis(1), () -> context.counter("afterComplete").increment());
            context.counter("scheduled").increment();
        }

        @Override
        public void onNext(Message message) {
        }

        @Override
        public void onStop() {
            context.counter("stopped").increment();
        }
    }

    /** A periodic timer that completes the task the first time it fires. */
    public static class CompletesInAPeriodicTimer extends Task {
        public CompletesInAPeriodicTimer(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.schedule(Duration.ofMillis(1), Duration.ofMillis(1), () -> {
                context.counter("periodic.fired").increment();
                context.complete();
            });
            context.counter("scheduled").increment();
        }

        @Override
        public void onNext(Message message) {
        }
    }

    /** Completes on its first message; counts what it is handed afterwards. */
    public static class CompletesOnFirstMessage extends Task {
        private boolean completed;

        public CompletesOnFirstMessage(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            context.counter(completed ? "onNext.afterComplete" : "onNext").increment();
            completed = true;
            context.complete();
        }

        @Override
        public void onWatermark(Instant watermark) {
            context.counter(completed ? "onWatermark.afterComplete" : "onWatermark").increment();
        }

        @Override
        public void onStop() {
            context.counter("stopped").increment();
        }
    }

    /** Queues two self messages and completes on the first. */
    public static class CompletesWithSelfMessagesQueued extends Task {
        public CompletesWithSelfMessagesQueued(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(new Message(1, 0));
            context.sendToSelf(new Message(2, 0));
        }

        @Override
        public void onNext(Message message) {
            context.counter("onNext").increment();
            context.complete();
        }
    }

    private static Application alone(Class<? extends Task> task) {
        return Application.of("complete", Graph.of(Processor.of(task, 1, "task")));
    }

    private AppStatus runWithTimersDue(Class<? extends Task> task) throws InterruptedException {
        try (LocalEngine engine = engine()) {
            int id = engine.submit(alone(task));
            Poll.until("the timers to be scheduled", () -> engine.status(id), s -> s.counter("scheduled") == 1);
            nanos.set(Duration.ofMillis(10).toNanos()); // every timer is now due, and late
            return Termination.await(engine, id);
        }
    }

    @Test
    void timerDueWithTheOneThatCompletesDoesNotFire() throws Exception {
        AppStatus s = runWithTimersDue(CompletesInATimer.class);

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(1, s.counter("first.fired"));
        assertEquals(0, s.counter("afterComplete"), "a timer ran after complete()");
        assertEquals(1, s.counter("stopped"));
    }

    @Test
    void latePeriodicTimerThatCompletesFiresOnce() throws Exception {
        AppStatus s = runWithTimersDue(CompletesInAPeriodicTimer.class);

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(1, s.counter("periodic.fired"));
    }

    @Test
    void noMessageOrWatermarkIsHandedToATaskAfterItCompletes() throws Exception {
        Processor source = Processor.of(NumberSource.class, 1, "source", UserConfig.empty().with("count", 10));
        Processor sink = Processor.of(CompletesOnFirstMessage.class, 1, "sink");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("complete", Graph.of(source.to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(1, s.counter("onNext"));
            assertEquals(0, s.counter("onNext.afterComplete"));
            assertEquals(0, s.counter("onWatermark.afterComplete"), "onWatermark ran after complete()");
            assertEquals(1, s.counter("stopped"));
            assertEquals(1, s.counter("source.stopped"), "the source was not held up by the completed sink");
        }
    }

    @Test
    void queuedSelfMessagesAreDiscardedOnComplete() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(alone(CompletesWithSelfMessagesQueued.class));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(1, s.counter("onNext"));
        }
    }
}
