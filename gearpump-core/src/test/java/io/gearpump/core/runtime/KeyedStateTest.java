package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.config.GearConfig;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Keyed state in the engine: per key over a keyed edge, refused with the reason over any other. */
@Timeout(30)
class KeyedStateTest {

    @Test
    void eachKeyHasItsOwnValueOnTheTaskItIsRoutedTo() throws InterruptedException {
        AppStatus s = run(Partitioners.hash());

        assertEquals(AppState.SUCCEEDED, s.state(), s.failure());
        for (long v = 0; v < 10; v++) {
            assertEquals(100, s.counter("last.count." + v), "value " + v + " was seen 100 times, counted on one task");
        }
    }

    @Test
    void keyedStateOverAnEdgeWithoutKeysFailsTheApplicationSayingWhy() throws InterruptedException {
        AppStatus s = run(Partitioners.shuffle());

        assertEquals(AppState.FAILED, s.state());
        assertTrue(s.failure().contains("keyed state needs its input from a keyed edge"), s.failure());
    }

    @Test
    void keyedStateInAChainedTaskFailsTheApplicationSayingWhy() throws InterruptedException {
        AppStatus s = run(Partitioners.coLocation(), 1); // one-to-one in one JVM: chained onto the source's thread

        assertEquals(AppState.FAILED, s.state());
        assertTrue(s.failure().contains("keyed state needs its input from a keyed edge"), s.failure());
    }

    private static AppStatus run(Partitioner edge) throws InterruptedException {
        return run(edge, 3);
    }

    private static AppStatus run(Partitioner edge, int counters) throws InterruptedException {
        Processor source = Processor.of(TestTasks.NumberSource.class, 1, "numbers", UserConfig.empty().with("count", 1_000L).with("mod", 10L));
        Application app = Application.of("keyed", Graph.of(source.to(edge, Processor.of(CountPerValue.class, counters, "count"))));
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            return Termination.await(engine, engine.submit(app));
        }
    }

    /** Counts each value in keyed state; at the end of its stream adds each count it reached to {@code last.count.<value>}. */
    public static final class CountPerValue extends Task {
        private final ValueState<Long> count;
        private final java.util.Map<Object, Long> last = new java.util.HashMap<>();

        public CountPerValue(TaskContext context, UserConfig config) {
            super(context, config);
            count = context.keyedValueState("count", Long.class, Long.class);
        }

        @Override
        public void onNext(Message message) {
            long now = (count.get() == null ? 0 : count.get()) + 1;
            count.set(now);
            last.put(message.value(), now);
        }

        @Override
        public void onStop() {
            last.forEach((value, n) -> context.counter("last.count." + value).add(n));
        }
    }
}
