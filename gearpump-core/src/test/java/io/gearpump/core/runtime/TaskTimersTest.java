package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cancellable;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Timers run on the task's own thread, between messages, and keep a source alive while pending. */
@Timeout(60)
class TaskTimersTest {

    /**
     * Busy with self messages while a one-shot and a periodic timer fire; completes after the
     * periodic one has fired "ticks" times. Counts any timer or message seen on a thread other than
     * the one that ran onStart, and any timer that runs while onNext is running.
     */
    public static class BusyWithTimers extends Task {
        private Thread taskThread;
        private boolean inOnNext;
        private long periodicFired;
        private final long ticks;

        public BusyWithTimers(TaskContext context, UserConfig config) {
            super(context, config);
            ticks = config.getLong("ticks", 5);
        }

        @Override
        public void onStart(Instant startTime) {
            taskThread = Thread.currentThread();
            context.scheduleOnce(Duration.ofMillis(3), () -> {
                check();
                context.counter("once.fired").increment();
            });
            context.schedule(Duration.ofMillis(1), Duration.ofMillis(2), () -> {
                check();
                context.counter("periodic.fired").increment();
                if (++periodicFired == ticks) {
                    context.complete();
                }
            });
            context.sendToSelf(TestTasks.TICK);
        }

        @Override
        public void onNext(Message message) {
            inOnNext = true;
            if (Thread.currentThread() != taskThread) {
                context.counter("onNext.otherThread").increment();
            }
            context.counter("onNext").increment();
            LockSupport.parkNanos(50_000); // a little work, during which a timer falls due
            context.sendToSelf(TestTasks.TICK);
            inOnNext = false;
        }

        private void check() {
            if (Thread.currentThread() != taskThread) {
                context.counter("timer.otherThread").increment();
            }
            if (inOnNext) {
                context.counter("timer.duringOnNext").increment();
            }
        }

        @Override
        public void onStop() {
            context.counter("stopped").increment();
        }
    }

    /** Has only timers: a periodic one it cancels after three fires and a one-shot it cancels at once. */
    public static class CancellingSource extends Task {
        private Cancellable periodic;
        private int fired;

        public CancellingSource(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            Cancellable never = context.scheduleOnce(Duration.ofMillis(1), () -> context.counter("cancelled.fired").increment());
            never.cancel();
            periodic = context.schedule(Duration.ZERO, Duration.ofMillis(1), () -> {
                context.counter("periodic.fired").increment();
                if (++fired == 3) {
                    periodic.cancel();
                }
            });
        }

        @Override
        public void onNext(Message message) {
        }

        @Override
        public void onStop() {
            context.counter("stopped").increment();
        }
    }

    /** Tries what the API forbids and reports, through counters, what was refused. */
    public static class MisusingTask extends Task {
        public MisusingTask(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            AtomicReference<RuntimeException> refused = new AtomicReference<>();
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    context.sendToSelf(TestTasks.TICK);
                } catch (IllegalStateException e) {
                    refused.set(e);
                }
            });
            try {
                other.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (refused.get() != null && refused.get().getMessage().startsWith("sendToSelf must be called from the task's own thread")) {
                context.counter("offThread.refused").increment();
            }
            context.schedule(Duration.ZERO, Duration.ZERO, () -> { });
        }

        @Override
        public void onNext(Message message) {
            context.counter("onNext").increment();
        }
    }

    private static AppStatus runAlone(Class<? extends Task> task) throws InterruptedException {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("timers", Graph.of(Processor.of(task, 1, "timers"))));
            return Termination.await(engine, id);
        }
    }

    @Test
    void timersFireOnTheTaskThreadAndNeverDuringOnNext() throws Exception {
        AppStatus s = runAlone(BusyWithTimers.class);

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(5, s.counter("periodic.fired"));
        assertEquals(1, s.counter("once.fired"));
        assertTrue(s.counter("onNext") > 0, s.toString());
        assertEquals(0, s.counter("timer.otherThread"));
        assertEquals(0, s.counter("onNext.otherThread"));
        assertEquals(0, s.counter("timer.duringOnNext"));
        assertEquals(1, s.counter("stopped"));
    }

    @Test
    void sourceWithOnlyTimersEndsOnItsOwnOnceNoneIsPending() throws Exception {
        AppStatus s = runAlone(CancellingSource.class);

        assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
        assertEquals(3, s.counter("periodic.fired"));
        assertEquals(0, s.counter("cancelled.fired"));
        assertEquals(1, s.counter("stopped"));
    }

    @Test
    void selfMessagesFromAnotherThreadAndZeroIntervalsAreRefused() throws Exception {
        AppStatus s = runAlone(MisusingTask.class);

        assertEquals(1, s.counter("offThread.refused"));
        assertEquals(0, s.counter("onNext"), "the refused self message was not queued");
        assertEquals(AppState.FAILED, s.state(), s.toString());
        assertTrue(s.failure().contains("IllegalArgumentException: timer interval must be positive, was PT0S"),
                s.failure());
    }
}
