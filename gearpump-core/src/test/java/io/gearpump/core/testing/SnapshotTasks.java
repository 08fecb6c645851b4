package io.gearpump.core.testing;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Duration;
import java.time.Instant;

/** Tasks whose snapshots say how many messages they emitted or counted: for checkpoint tests. */
public final class SnapshotTasks {

    private SnapshotTasks() {
    }

    /**
     * Two sources, "fast" (50 per round, back to back) and "slow" (one every 2 ms), -> shuffle -> two
     * "relay"s -> shuffle -> two "counter"s: every task but the sources has two inputs.
     */
    public static Application fastAndSlowSourcesThroughTwoShuffles() {
        return fastAndSlowSourcesThroughTwoShuffles(Long.MAX_VALUE);
    }

    /** The same, the fast source ending after {@code fastCount} numbers. */
    public static Application fastAndSlowSourcesThroughTwoShuffles(long fastCount) {
        return fastAndSlowSourcesThrough(fastCount, Partitioners.shuffle(), 2);
    }

    /** The same sources and relays, every relayed number to one of {@code counters} counting tasks: the others get no data. */
    public static Application fastAndSlowSourcesIntoOneOfManyCounters(int counters) {
        return fastAndSlowSourcesThrough(Long.MAX_VALUE, Partitioners.groupBy(m -> "one"), counters);
    }

    /** The same sources and relays, shuffled over {@code counters} counting tasks. */
    public static Application fastAndSlowSourcesShuffledToManyCounters(int counters) {
        return fastAndSlowSourcesThrough(Long.MAX_VALUE, Partitioners.shuffle(), counters);
    }

    private static Application fastAndSlowSourcesThrough(long fastCount, Partitioner toCounters, int counters) {
        Processor fast = Processor.of(Source.class, 1, "fast", UserConfig.empty().with("perTick", 50).with("count", fastCount));
        Processor slow = Processor.of(Source.class, 1, "slow", UserConfig.empty().with("perTick", 1).with("everyMillis", 2));
        Processor relay = Processor.of(Relay.class, 2, "relay");
        Processor counter = Processor.of(Counting.class, counters, "counter");
        return Application.of("barriers", Graph.of(fast.to(Partitioners.shuffle(), relay),
                slow.to(Partitioners.shuffle(), relay), relay.to(toCounters, counter)));
    }

    /** The settings of a source counting up, ten numbers a millisecond, until killed. */
    public static final UserConfig TICKS = UserConfig.empty().with("perTick", 10).with("everyMillis", 1);

    /**
     * Emits "perTick" numbers per round, a round every "everyMillis" (0: back to back), and ends after
     * "count" (endless without); snapshots how many so far.
     */
    public static final class Source extends Task implements Checkpointed<Long> {
        private static final Message TICK = new Message("tick", 0);
        private final int perTick;
        private final long everyMillis;
        private final long count;
        private long emitted;

        public Source(TaskContext context, UserConfig config) {
            super(context, config);
            perTick = config.getInt("perTick", 1);
            everyMillis = config.getLong("everyMillis", 0);
            count = config.getLong("count", Long.MAX_VALUE);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(TICK);
        }

        @Override
        public void onNext(Message tick) {
            for (int i = 0; i < perTick && emitted < count; i++) {
                output(new Message(emitted, emitted));
                emitted++;
            }
            if (emitted == count) {
                context.complete();
            } else if (everyMillis == 0) {
                context.sendToSelf(TICK);
            } else {
                context.scheduleOnce(Duration.ofMillis(everyMillis), () -> context.sendToSelf(TICK));
            }
        }

        @Override
        public Long snapshotState() {
            return emitted;
        }

        @Override
        public void restoreState(Long state) {
            emitted = state;
        }
    }

    /** Passes everything on; has no state. */
    public static final class Relay extends Task {
        public Relay(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            output(message);
        }
    }

    /** Counts what it received; snapshots the count. */
    public static final class Counting extends Task implements Checkpointed<Long> {
        private long count;

        public Counting(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            count++;
        }

        @Override
        public Long snapshotState() {
            return count;
        }

        @Override
        public void restoreState(Long state) {
            count = state;
        }
    }
}
