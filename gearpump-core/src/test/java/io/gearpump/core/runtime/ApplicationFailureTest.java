package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.CountingSink;
import io.gearpump.core.runtime.TestTasks.NumberSource;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.RunId;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** A task that fails ends its application FAILED, with the cause, and the other tasks are stopped. */
@Timeout(60)
class ApplicationFailureTest {

    /** Throws on the value given by "failOn"; counts what it got before. */
    public static class ThrowingSink extends Task {
        private final long failOn;

        public ThrowingSink(TaskContext context, UserConfig config) {
            super(context, config);
            failOn = config.getLong("failOn", -1);
        }

        @Override
        public void onNext(Message message) {
            if ((Long) message.value() == failOn) {
                throw new IllegalStateException("cannot handle value " + failOn);
            }
            context.counter("sink.received").increment();
        }

        @Override
        public void onStop() {
            context.counter("sink.stopped").increment();
        }
    }

    public static class ExplodingConstructor extends Task {
        public ExplodingConstructor(TaskContext context, UserConfig config) {
            super(context, config);
            throw new IllegalArgumentException("cannot connect to nowhere:9");
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static Processor endlessSource() {
        return Processor.of(NumberSource.class, 1, "source", UserConfig.empty().with("mod", 10_000));
    }

    private static void assertEveryTaskEnded(AppStatus s) {
        for (ProcessorStatus p : s.processors()) {
            assertEquals(0, p.tasksRunning(), "tasks of " + p.description() + " still running: " + s);
        }
    }

    @Test
    void exceptionInOnNextFailsTheApplicationWithItsStackTraceAndStopsTheOthers() throws Exception {
        Processor sink = Processor.of(ThrowingSink.class, 2, "sink", UserConfig.empty().with("failOn", 4242));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("failing", Graph.of(endlessSource().to(sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.FAILED, s.state(), s.toString());
            String failure = s.failureCause().orElseThrow();
            assertTrue(failure.contains("(sink) of app " + id + " failed"), failure);
            assertTrue(failure.contains("java.lang.IllegalStateException: cannot handle value 4242"), failure);
            assertTrue(failure.contains("\tat " + ThrowingSink.class.getName() + ".onNext("), failure);
            assertEveryTaskEnded(s);
            assertEquals(0, s.counter("source.stopped"), "the endless source was stopped by the failure, not ended");
            assertEquals(0, s.counter("sink.stopped"));
            assertTrue(s.counter("sink.received") >= 4242 / 2, "values before the bad one were processed: " + s);
        }
    }

    @Test
    void exceptionInTheTaskConstructorFailsTheApplication() throws Exception {
        Processor broken = Processor.of(ExplodingConstructor.class, 1, "broken");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("broken", Graph.of(endlessSource().to(broken))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.FAILED, s.state(), s.toString());
            String failure = s.failure();
            assertTrue(failure.contains("(broken) of app " + id + " failed"), failure);
            assertTrue(failure.contains("java.lang.IllegalArgumentException: cannot connect to nowhere:9"), failure);
            assertTrue(failure.contains("\tat " + ExplodingConstructor.class.getName() + ".<init>("), failure);
            assertEveryTaskEnded(s);
        }
    }

    @Test
    void aFailedAttemptNamesTheApplicationIdAndTheAttemptNotTheKeyItRunsUnder() throws Exception {
        Processor sink = Processor.of(ThrowingSink.class, 1, "sink", UserConfig.empty().with("failOn", 42));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            // as an executor runs it: attempt 3 of application 7, under the attempt's number
            engine.submitPart(RunId.attempt(7, 3), Application.of("attempted", Graph.of(endlessSource().to(sink))),
                    RemoteLinks.ALL_LOCAL, Instant.EPOCH, PartCheckpoints.NONE);

            AppStatus s = Termination.await(engine, 3);

            assertEquals(AppState.FAILED, s.state(), s.toString());
            assertEquals(7, s.appId());
            assertTrue(s.failure().startsWith("task 1.0 (sink) of app 7 (attempt 3) failed: "), s.failure());
        }
    }

    @Test
    void partitionerReturningAnIndexOutOfRangeFailsTheApplicationNamingTheEdge() throws Exception {
        Partitioner tooFar = (m, n) -> n;
        Processor sink = Processor.of(CountingSink.class, 2, "sink");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("bad-partitioner", Graph.of(endlessSource().to(tooFar, sink))));

            AppStatus s = Termination.await(engine, id);

            assertEquals(AppState.FAILED, s.state(), s.toString());
            assertTrue(s.failure().contains("on edge source -> sink returned 2 for 2 tasks"), s.failure());
            assertEquals(0, s.counter("sink.received"));
            assertEveryTaskEnded(s);
        }
    }

    @Test
    void partitionerThatCannotBeSerializedIsRefusedAtSubmit() throws Exception {
        Object notSerializable = new Object();
        Partitioner capturing = (m, n) -> notSerializable.hashCode() % n;
        Processor sink = Processor.of(CountingSink.class, 2, "sink");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            Application app = Application.of("refused", Graph.of(endlessSource().to(capturing, sink)));

            InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> engine.submit(app));

            assertTrue(e.getMessage().contains("on edge source -> sink cannot be serialized"), e.getMessage());
            assertEquals(0, engine.list().size(), "nothing was started");
        }
    }
}
