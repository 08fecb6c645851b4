package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.CountingSink;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.testing.Poll;

import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Bounded inboxes hold fast senders back without losing messages or deadlocking. */
@Timeout(60)
class BackPressureTest {

    private static final int CAPACITY = 64;
    private static final int BATCH = 16;
    private static final GearConfig SMALL_INBOX = GearConfig.of(Map.of(
            "gearpump.task.inbox.capacity", String.valueOf(CAPACITY),
            "gearpump.task.batch.size", String.valueOf(BATCH)));

    /** On a message from upstream, sends itself "copies" echoes; outputs each echo. */
    public static class SelfFanOut extends Task {
        public record Echo(long value) {
        }

        private final int copies;

        public SelfFanOut(TaskContext context, UserConfig config) {
            super(context, config);
            copies = config.getInt("copies", 1);
        }

        @Override
        public void onNext(Message message) {
            if (message.value() instanceof Echo echo) {
                output(new Message(echo.value(), message.timestamp()));
            } else {
                for (int i = 0; i < copies; i++) {
                    context.sendToSelf(new Message(new Echo((Long) message.value()), message.timestamp()));
                }
            }
        }

        @Override
        public void onStop() {
            context.counter("fanout.stopped").increment();
        }
    }

    /** Blocks in its first onNext until it is interrupted (killed). */
    public static class StuckSink extends Task {
        private final CountDownLatch never = new CountDownLatch(1);

        public StuckSink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            context.counter("stuck.entered").increment();
            try {
                never.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onStop() {
            context.counter("stuck.stopped").increment();
        }
    }

    @Test
    void fastSourceIntoSlowSinkWithSmallInboxCompletesWithExactCounts() throws Exception {
        long n = 5_000;
        Processor source = Processor.of(NumberSource.class, 1, "source",
                UserConfig.empty().with("count", n).with("perTick", 1_000));
        Processor sink = Processor.of(CountingSink.class, 2, "sink",
                UserConfig.empty().with("slowEvery", BATCH).with("slowNanos", 100_000L));
        try (LocalEngine engine = new LocalEngine(SMALL_INBOX)) {
            int id = engine.submit(Application.of("slow-sink", Graph.of(source.to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(n, s.counter("sink.received"));
            assertEquals(n * (n - 1) / 2, s.counter("sink.sum"));
            assertEquals(n, s.processor("sink").received());
            assertEquals(2, s.counter("sink.stopped"));
        }
    }

    @Test
    void aWideShuffleWithSmallBatchesAndInboxesLosesNothing() throws Exception {
        long perSource = 2_000;
        int width = 150; // 150 x 150 channels: batches of 54, inboxes of 3,495 under the default budgets
        Processor source = Processor.of(NumberSource.class, width, "source", UserConfig.empty().with("count", perSource).with("perTick", 100));
        Processor sink = Processor.of(CountingSink.class, width, "sink");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("wide", Graph.of(source.to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(width * perSource, s.counter("sink.received"));
            assertEquals(width * perSource * (perSource - 1) / 2, s.counter("sink.sum"));
        }
    }

    @Test
    void selfMessagesNeverDeadlockATaskWhoseInboxAndOutputAreTiny() throws Exception {
        long n = 500;
        int copies = 20;
        GearConfig tiny = GearConfig.of(Map.of("gearpump.task.inbox.capacity", "1", "gearpump.task.batch.size", "1"));
        Processor source = Processor.of(NumberSource.class, 1, "source",
                UserConfig.empty().with("count", n).with("perTick", 50));
        Processor fanOut = Processor.of(SelfFanOut.class, 1, "fanout", UserConfig.empty().with("copies", copies));
        Processor sink = Processor.of(CountingSink.class, 1, "sink");
        try (LocalEngine engine = new LocalEngine(tiny)) {
            int id = engine.submit(Application.of("self-loop", Graph.of(source.to(fanOut).to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            assertEquals(n * copies, s.counter("sink.received"));
            assertEquals(copies * n * (n - 1) / 2, s.counter("sink.sum"));
            ProcessorStatus fan = s.processor("fanout");
            assertEquals(n, fan.received(), "self messages are not counted as received");
            assertEquals(n * copies, fan.sent());
            assertEquals(1, s.counter("fanout.stopped"));
        }
    }

    @Test
    void killEndsAnApplicationWhoseSourceIsBlockedOnBackPressure() throws Exception {
        Processor source = Processor.of(NumberSource.class, 1, "source", UserConfig.empty().with("perTick", BATCH));
        Processor stuck = Processor.of(StuckSink.class, 1, "stuck");
        try (LocalEngine engine = new LocalEngine(SMALL_INBOX)) {
            int id = engine.submit(Application.of("blocked", Graph.of(source.to(stuck))));
            // The sink holds one batch and its inbox fills up: from then on the source waits in output.
            Poll.until("the sink's inbox to fill", () -> engine.status(id),
                    s -> s.counter("stuck.entered") == 1 && s.processor("source").sent() >= CAPACITY);

            AppStatus s = engine.kill(id);

            assertEquals(AppState.KILLED, s.state());
            assertEquals(0, s.processor("source").tasksRunning(), "the blocked source ended: " + s);
            assertEquals(0, s.processor("stuck").tasksRunning(), "the stuck sink ended: " + s);
            long sent = s.processor("source").sent();
            assertTrue(sent <= CAPACITY + BATCH, "memory is bounded: the source handed over only " + sent
                    + " messages (the inbox plus the batch the sink holds)");
            assertEquals(0, s.counter("source.stopped"));
            assertEquals(0, s.counter("stuck.stopped"));
        }
    }
}
