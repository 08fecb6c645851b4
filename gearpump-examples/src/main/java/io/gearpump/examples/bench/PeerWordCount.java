package io.gearpump.examples.bench;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.LongValueState;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;

import java.time.Instant;

/**
 * WordCount with the peers' stages (../shared/peers, workload {@code wordcount}): a source looping
 * over the same 8 lines -> split on single spaces -> hash by word -> a running count per word in keyed
 * state, emitting (word, count) for every word -> a counting sink. The source's position and the
 * counts are checkpointed state, so with a guarantee the job is exact like the peers' with theirs.
 */
final class PeerWordCount {

    /** The peers' text (their {@code Bench.TEXT}): 8 lines, 81 words, 59 distinct. */
    static final String[] TEXT = {
        "the quick brown fox jumps over the lazy sleeping dog",
        "a stream of words flows through the graph of tasks",
        "each task owns a bounded queue and a virtual thread",
        "the master keeps its log in a raft group of three",
        "frames carry a length prefix and a kryo encoded body",
        "back pressure stops the fast source before memory fills",
        "counts per word are kept in a map inside each task",
        "the quick sink counts words and the slow clock ticks",
    };

    private PeerWordCount() {
    }

    /** {@code boxedCounter}: each word's count in a {@code ValueState<Long>} (as the peers' Flink job), not a {@link LongValueState}. */
    static Application application(int par, boolean boxedCounter) {
        return Application.of("wordcount-peers", Graph.of(Processor.of(Lines.class, par, "lines")
                .to(Partitioners.coLocation(), Processor.of(Split.class, par, "split"))
                .to(Partitioners.hash(), Processor.of(boxedCounter ? BoxedCount.class : Count.class, par, "count"))
                .to(Partitioners.coLocation(), Processor.of(CountingSink.class, par, "sink"))));
    }

    /** Loops over the lines, 100 per self message; its position is its state. */
    public static final class Lines extends Task implements Checkpointed<Long> {
        private static final Message NEXT = new Message("next", 0);
        private long next;

        public Lines(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(NEXT);
        }

        @Override
        public void onNext(Message message) {
            for (int i = 0; i < 100; i++, next++) {
                output(new Message(TEXT[(int) (next % TEXT.length)], 0));
            }
            context.sendToSelf(NEXT);
        }

        @Override
        public Long snapshotState() {
            return next;
        }

        @Override
        public void restoreState(Long position) {
            next = position;
        }
    }

    /** Splits on single spaces, as the peers' splitter. */
    public static final class Split extends Task {
        public Split(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            for (String word : ((String) message.value()).split(" ")) {
                output(new Message(word, message.timestamp()));
            }
        }
    }

    /** A running count per word in keyed long state; emits {word, count} for every word. */
    public static final class Count extends Task {
        private final LongValueState count;

        public Count(TaskContext context, UserConfig config) {
            super(context, config);
            count = context.keyedLongState("count", String.class);
        }

        @Override
        public void onNext(Message message) {
            long now = count.add(1);
            output(new Message(new Object[] {message.value(), now}, message.timestamp()));
        }
    }

    /** The same count in keyed value state of {@code Long}, as the peers' Flink job keeps it. */
    public static final class BoxedCount extends Task {
        private final ValueState<Long> count;

        public BoxedCount(TaskContext context, UserConfig config) {
            super(context, config);
            count = context.keyedValueState("count", String.class, Long.class);
        }

        @Override
        public void onNext(Message message) {
            Long before = count.get();
            long now = before == null ? 1 : before + 1;
            count.set(now);
            output(new Message(new Object[] {message.value(), now}, message.timestamp()));
        }
    }
}
