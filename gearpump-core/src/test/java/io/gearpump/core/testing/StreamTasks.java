package io.gearpump.core.testing;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Duration;
import java.time.Instant;

/** The plainest tasks a test runs: a source of numbers and a sink that takes anything. */
public final class StreamTasks {

    private StreamTasks() {
    }

    /**
     * Outputs 0, 1, 2 ... as fast as it may, 100 per self message; with {@code "count"} it stops there and
     * stays idle (its application keeps running, and so do its metrics) until stopped or killed.
     */
    public static class Numbers extends Task {
        private static final Message TICK = new Message("tick", 0);
        private final long count;
        private long next;

        public Numbers(TaskContext context, UserConfig config) {
            super(context, config);
            count = config.getLong("count", Long.MAX_VALUE);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(TICK);
            context.schedule(Duration.ofSeconds(1), Duration.ofSeconds(1), () -> { }); // a source with a timer never ends by itself
        }

        @Override
        public void onNext(Message message) {
            for (int i = 0; i < 100 && next < count; i++) {
                output(new Message(next++, 0));
            }
            if (next < count) {
                context.sendToSelf(TICK);
            }
        }
    }

    /** Takes every message and does nothing with it. */
    public static class Discard extends Task {
        public Discard(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }
}
