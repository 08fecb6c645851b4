package io.gearpump.examples.bench;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.config.GearConfig;
import io.gearpump.local.LocalCluster;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * {@code gear bench state -keys 4000000 -valuebytes 240 -guarantee exactly_once}: a large keyed state
 * under checkpoints, on LocalCluster. Sources send every key once (filling the state: keys x value
 * bytes, about 1 GB by default), then random keys; a hash edge takes them to tasks that replace the
 * key's value (a new byte array of {@code valuebytes}) in keyed value state. Once the state is full
 * it measures updates/s (its slowest second shows what a checkpoint costs the tasks) and the
 * checkpoints completed meanwhile: duration (barrier to every snapshot written) p50 and max, and size.
 */
final class StateBenchmark {

    private StateBenchmark() {
    }

    static String run(Guarantee guarantee, int par, long keys, int valueBytes, int warmup, int seconds) throws Exception {
        UserConfig settings = UserConfig.empty().with("keys", keys).with("valuebytes", valueBytes);
        Application app = Application.of("state", Graph.of(Processor.of(Keys.class, par, "keys", settings)
                        .to(Partitioners.hash(), Processor.of(Update.class, par, "update", settings))))
                .withGuarantee(guarantee).withCheckpointInterval(Duration.ofSeconds(1));
        List<Long> durations = new ArrayList<>();
        long[] lastId = {0};
        long[] bytes = {0};
        try (TempTree checkpoints = new TempTree("gear-bench-state");
             LocalCluster cluster = LocalCluster.start(GearConfig.load().with("gearpump.checkpoint.dir", checkpoints.path().toString()))) {
            int appId = cluster.submit(app);
            long fillStart = System.nanoTime();
            boolean[] measuring = {false};
            long[] fillMillis = {0};
            Measurement.Result r = Measurement.run(() -> {
                AppStatus s = cluster.status(appId);
                if (measuring[0] && s.lastCheckpoint().id() > lastId[0]) {
                    durations.add(s.lastCheckpoint().durationMillis());
                    bytes[0] = s.lastCheckpoint().bytes();
                }
                lastId[0] = s.lastCheckpoint().id();
                long beyondFill = s.received("update") - keys;
                if (beyondFill > 0 && fillMillis[0] == 0) {
                    fillMillis[0] = (System.nanoTime() - fillStart) / 1_000_000;
                }
                return Math.max(0, beyondFill);
            }, warmup, seconds, () -> measuring[0] = true);
            long heapMb = ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed() >> 20;
            cluster.kill(appId);
            durations.sort(null);
            return String.format(Locale.ROOT, "%s guarantee=%s keys=%d value_bytes=%d fill_ms=%d checkpoints=%d checkpoint_p50_ms=%s"
                            + " checkpoint_max_ms=%s checkpoint_mb=%d heap_used_mb=%d",
                    r.format("updates_per_s"), guarantee, keys, valueBytes, fillMillis[0], durations.size(),
                    durations.isEmpty() ? "-" : durations.get(durations.size() / 2),
                    durations.isEmpty() ? "-" : durations.get(durations.size() - 1), bytes[0] >> 20, heapMb);
        }
    }

    /** Task i of n sends the keys i, i + n, ... once, then random keys, a thousand per self message. */
    public static final class Keys extends Task {
        private static final Message NEXT = new Message("next", 0);
        private final long keys;
        private final SplittableRandom random;
        private long next;

        public Keys(TaskContext context, UserConfig config) {
            super(context, config);
            this.keys = config.getLong("keys", 1_000_000);
            this.next = context.taskId().index();
            this.random = new SplittableRandom(context.taskId().index());
        }

        @Override
        public void onStart(Instant startTime) {
            context.sendToSelf(NEXT);
        }

        @Override
        public void onNext(Message message) {
            for (int i = 0; i < 1_000; i++) {
                long key;
                if (next < keys) {
                    key = next;
                    next += context.parallelism();
                } else {
                    key = random.nextLong(keys);
                }
                output(new Message(key, 0));
            }
            context.sendToSelf(NEXT);
        }
    }

    /** Replaces its key's value with a new array (values in state are never changed in place). */
    public static final class Update extends Task {
        private final ValueState<byte[]> value;
        private final int valueBytes;

        public Update(TaskContext context, UserConfig config) {
            super(context, config);
            this.value = context.keyedValueState("value", Long.class, byte[].class);
            this.valueBytes = config.getInt("valuebytes", 240);
        }

        @Override
        public void onNext(Message message) {
            byte[] before = value.get();
            byte[] after = new byte[valueBytes];
            after[0] = (byte) (before == null ? 1 : before[0] + 1);
            value.set(after);
        }
    }
}
