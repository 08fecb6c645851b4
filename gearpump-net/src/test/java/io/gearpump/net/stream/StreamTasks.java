package io.gearpump.net.stream;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Tasks for the cross-executor tests. */
final class StreamTasks {

    static final String COUNT = "count";
    static final String STALL_INDEX = "stall.index";
    /** Released by the stall test; a sink task whose index is stall.index waits for it first. */
    static volatile CountDownLatch stall = new CountDownLatch(0);

    private StreamTasks() {
    }

    /** Outputs {@code count} longs (sender index << 40 | sequence), in bursts per self message. */
    public static class NumberedSource extends Task {
        private final long count;
        private long next;

        public NumberedSource(TaskContext context, UserConfig config) {
            super(context, config);
            count = config.getLong(COUNT, 1000);
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(Message.of("go"));
        }

        @Override
        public void onNext(Message m) {
            long base = (long) context.taskId().index() << 40;
            for (int i = 0; i < 1000 && next < count; i++, next++) {
                output(new Message(base | next, next));
            }
            if (next < count) {
                context.sendToSelf(m);
            } else {
                context.complete();
            }
        }
    }

    /** A message type nobody registered for the wire. */
    public record Point(int x, int y) {
    }

    /** Outputs one {@link Point}. */
    public static class UnregisteredSource extends Task {
        public UnregisteredSource(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            output(Message.of(new Point(1, 2)));
        }

        @Override
        public void onNext(Message m) {
        }
    }

    /** Counts what it receives, whatever it is, as counter "any". */
    public static class AnySink extends Task {
        public AnySink(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message m) {
            context.counter("any").increment();
            context.counter("last").add(m.value().hashCode());
        }
    }

    /** Counts what it receives and how often a sender's sequence went backwards. */
    public static class CheckingSink extends Task {
        private final Map<Long, Long> lastSeqBySender = new HashMap<>();
        private final boolean stalls;
        private long received;
        private long outOfOrder;

        public CheckingSink(TaskContext context, UserConfig config) {
            super(context, config);
            stalls = config.getInt(STALL_INDEX, -1) == context.taskId().index();
        }

        @Override
        public void onNext(Message m) {
            if (stalls && received == 0) {
                try {
                    if (!stall.await(60, TimeUnit.SECONDS)) {
                        throw new IllegalStateException("never released");
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
            long v = (Long) m.value();
            long sender = v >>> 40;
            long seq = v & ((1L << 40) - 1);
            Long last = lastSeqBySender.put(sender, seq);
            if (last != null && seq <= last) {
                outOfOrder++;
            }
            received++;
            if ((received & 0xffff) == 0) {
                context.counter("received." + context.taskId().index()).add(0x10000);
            }
        }

        @Override
        public void onStop() {
            context.counter("received." + context.taskId().index()).add(received & 0xffff);
            context.counter("received").add(received);
            context.counter("outOfOrder").add(outOfOrder);
        }
    }
}
