package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.TestTasks.CountingSink;
import io.gearpump.core.runtime.TestTasks.NumberSource;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Edges deliver messages to the tasks their partitioner picks, end to end. */
@Timeout(60)
class RoutingTest {

    private static Processor source(long count, long mod) {
        UserConfig c = UserConfig.empty().with("count", count);
        return Processor.of(NumberSource.class, 1, "source", mod > 0 ? c.with("mod", mod) : c);
    }

    private static AppStatus run(Graph graph) throws InterruptedException {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int id = engine.submit(Application.of("routing", graph));
            AppStatus s = Termination.await(engine, id);
            assertEquals(AppState.SUCCEEDED, s.state(), s.toString());
            return s;
        }
    }

    @Test
    void hashEdgeKeepsEqualValuesOnOneTask() throws Exception {
        Processor sink = Processor.of(CountingSink.class, 3, "sink", UserConfig.empty().with("recordValues", true));

        AppStatus s = run(Graph.of(source(1_000, 10).to(sink)));

        for (long v = 0; v < 10; v++) {
            int expectedTask = Partitioners.hash().getPartition(new Message(v, 0), 3);
            for (int task = 0; task < 3; task++) {
                long got = s.counter("sink.value." + v + ".task" + task);
                assertEquals(task == expectedTask ? 100 : 0, got, "value " + v + " at task " + task);
            }
        }
    }

    @Test
    void broadcastDeliversEveryMessageToEveryTask() throws Exception {
        long n = 1_000;
        Processor sink = Processor.of(CountingSink.class, 2, "sink");

        AppStatus s = run(Graph.of(source(n, 0).to(Partitioners.broadcast(), sink)));

        assertEquals(2 * n, s.counter("sink.received"));
        assertEquals(n, s.counter("sink.task0.received"));
        assertEquals(n, s.counter("sink.task1.received"));
        assertEquals(2 * n, s.processor("source").sent());
        assertEquals(2 * n, s.processor("sink").received());
    }

    @Test
    void shuffleFromOneSenderSpreadsEvenly() throws Exception {
        Processor sink = Processor.of(CountingSink.class, 4, "sink");

        AppStatus s = run(Graph.of(source(1_000, 0).to(Partitioners.shuffle(), sink)));

        for (int task = 0; task < 4; task++) {
            assertEquals(250, s.counter("sink.task" + task + ".received"), "task " + task);
        }
    }

    @Test
    void customPartitionerReturningDropDropsThoseMessages() throws Exception {
        long n = 999;
        Partitioner dropMultiplesOfThree = (m, parts) -> {
            long v = (Long) m.value();
            return v % 3 == 0 ? Partitioner.DROP : (int) (v % parts);
        };
        Processor sink = Processor.of(CountingSink.class, 2, "sink");

        AppStatus s = run(Graph.of(source(n, 0).to(dropMultiplesOfThree, sink)));

        long keptSum = 0;
        for (long v = 0; v < n; v++) {
            keptSum += v % 3 == 0 ? 0 : v;
        }
        assertEquals(666, s.counter("sink.received"));
        assertEquals(keptSum, s.counter("sink.sum"));
        assertEquals(666, s.processor("source").sent(), "dropped messages are not sent");
        assertEquals(n, s.counter("source.emitted"));
    }

    @Test
    void groupByKeepsEqualKeysOnOneTask() throws Exception {
        Processor sink = Processor.of(CountingSink.class, 2, "sink", UserConfig.empty().with("recordValues", true));
        Partitioner byParity = Partitioners.groupBy(m -> (Long) m.value() % 2 == 0 ? "even" : "odd");

        AppStatus s = run(Graph.of(source(100, 10).to(byParity, sink)));

        for (long v = 0; v < 10; v++) {
            int task = KeyGroups.taskOf(KeyGroups.of(v % 2 == 0 ? "even" : "odd"), 2);
            assertEquals(10, s.counter("sink.value." + v + ".task" + task), "value " + v);
        }
        assertEquals(100, s.counter("sink.received"));
    }
}
