package io.gearpump.core.runtime;

import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Instant;
import java.util.concurrent.locks.LockSupport;

/**
 * Tasks shared by the engine tests. They take their parameters from {@link UserConfig} and report
 * through counters named {@code <name>.<what>}, where {@code name} is the "name" setting.
 */
final class TestTasks {

    private TestTasks() {
    }

    static final Message TICK = new Message("tick", 0);

    /**
     * Outputs the numbers 0..count-1 ("count"; endless when absent) as Longs stamped with their own
     * number, "perTick" per self message. With "mod" set, the value is the number modulo it.
     * Counters: emitted, stopped.
     */
    public static class NumberSource extends Task {
        private final long count;
        private final int perTick;
        private final long mod;
        private final Counter emitted;
        private final Counter stopped;
        private long next;

        public NumberSource(TaskContext context, UserConfig config) {
            super(context, config);
            String name = config.getString("name", "source");
            count = config.getLong("count", -1);
            perTick = config.getInt("perTick", 100);
            mod = config.getLong("mod", 0);
            emitted = context.counter(name + ".emitted");
            stopped = context.counter(name + ".stopped");
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(TICK);
        }

        @Override
        public void onNext(Message message) {
            long n = count < 0 ? perTick : Math.min(perTick, count - next);
            for (long i = 0; i < n; i++) {
                output(new Message(mod > 0 ? next % mod : next, next));
                next++;
            }
            emitted.add(n);
            if (count >= 0 && next >= count) {
                context.complete();
            } else {
                context.sendToSelf(TICK);
            }
        }

        @Override
        public void onStop() {
            stopped.increment();
        }
    }

    /** Outputs what it gets. Counters: received, stopped. */
    public static class Relay extends Task {
        private final Counter received;
        private final Counter stopped;

        public Relay(TaskContext context, UserConfig config) {
            super(context, config);
            String name = config.getString("name", "relay");
            received = context.counter(name + ".received");
            stopped = context.counter(name + ".stopped");
        }

        @Override
        public void onNext(Message message) {
            received.increment();
            output(message);
        }

        @Override
        public void onStop() {
            stopped.increment();
        }
    }

    /**
     * Counts Long messages. Counters: received, sum, stopped, task&lt;i&gt;.received and, with
     * "recordValues", value.&lt;v&gt;.task&lt;i&gt;. With "slowEvery" and "slowNanos" it parks that long
     * every that many messages.
     */
    public static class CountingSink extends Task {
        private final String name;
        private final boolean recordValues;
        private final int slowEvery;
        private final long slowNanos;
        private final Counter received;
        private final Counter taskReceived;
        private final Counter sum;
        private final Counter stopped;
        private long seen;

        public CountingSink(TaskContext context, UserConfig config) {
            super(context, config);
            name = config.getString("name", "sink");
            recordValues = config.getBoolean("recordValues", false);
            slowEvery = config.getInt("slowEvery", 0);
            slowNanos = config.getLong("slowNanos", 0);
            received = context.counter(name + ".received");
            taskReceived = context.counter(name + ".task" + context.taskId().index() + ".received");
            sum = context.counter(name + ".sum");
            stopped = context.counter(name + ".stopped");
        }

        @Override
        public void onNext(Message message) {
            long value = (Long) message.value();
            received.increment();
            taskReceived.increment();
            sum.add(value);
            if (recordValues) {
                context.counter(name + ".value." + value + ".task" + context.taskId().index()).increment();
            }
            if (slowEvery > 0 && ++seen % slowEvery == 0) {
                LockSupport.parkNanos(slowNanos);
            }
        }

        @Override
        public void onStop() {
            stopped.increment();
        }
    }
}
