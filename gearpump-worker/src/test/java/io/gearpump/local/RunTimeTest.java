package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;

import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** An application's run time is kept by its AppMaster: it ends on time with nobody asking it to. */
@Timeout(60)
class RunTimeTest {

    /** Outputs numbers until its stream is ended from outside. */
    public static class Endless extends Task {
        private static final Message TICK = new Message("tick", 0);
        private long next;

        public Endless(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(TICK);
        }

        @Override
        public void onNext(Message message) {
            output(new Message(next++, 0));
            context.sendToSelf(TICK);
        }
    }

    /** Takes what it gets. */
    public static class Sink extends Task {
        public Sink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    @Test
    void anApplicationWithARunTimeDrainsAndSucceedsWhenItIsOverWithoutBeingStopped() throws Exception {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults())) {
            Application app = Application.of("timed", Graph.of(Processor.of(Endless.class, 1, "endless")
                    .to(Processor.of(Sink.class, 1, "sink")))).withRunTime(Duration.ofSeconds(2));
            long submitted = System.nanoTime();
            int id = cluster.submit(app);

            AppStatus end = cluster.await(id, Duration.ofSeconds(40));

            Duration ran = Duration.ofNanos(System.nanoTime() - submitted);
            assertEquals(AppState.SUCCEEDED, end.state(), "drained, not killed: " + end);
            assertTrue(ran.compareTo(Duration.ofSeconds(2)) >= 0 && ran.compareTo(Duration.ofSeconds(20)) < 0, "ran " + ran);
            assertTrue(end.processor("sink").received() > 0 && end.processor("sink").received() == end.processor("endless").sent(),
                    "what the source sent before its end was all taken: " + end);
        }
    }

    @Test
    void aRunTimeUnderASecondIsRefusedAtOnce() {
        Application app = Application.of("timed", Graph.of(Processor.of(Endless.class, 1, "endless")));
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> app.withRunTime(Duration.ofMillis(300)));
        assertTrue(e.getMessage().contains("at least a second"), e.getMessage());
    }
}
