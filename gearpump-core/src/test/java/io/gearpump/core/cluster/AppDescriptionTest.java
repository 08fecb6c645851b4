package io.gearpump.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.serialization.PartitionerWireTypes;
import io.gearpump.core.serialization.WireRegistry;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import org.junit.jupiter.api.Test;

/**
 * The travelling form of an application: the same application comes back with every kind of
 * partitioner, a missing class is named, and what cannot travel is refused at submission.
 */
class AppDescriptionTest {

    public static class Numbers extends Task {
        public Numbers(TaskContext c, UserConfig u) {
            super(c, u);
        }

        @Override
        public void onStart(Instant startTime) {
            for (int i = 0; i < config.getInt("n", 0); i++) {
                output(Message.of(i));
            }
        }

        @Override
        public void onNext(Message m) {
        }
    }

    public static class Even extends Task {
        public Even(TaskContext c, UserConfig u) {
            super(c, u);
        }

        @Override
        public void onNext(Message m) {
            context.counter("seen." + context.taskId().index()).increment();
        }
    }

    @Test
    void anApplicationSurvivesTheTripWithItsPartitionersAndConfig() throws Exception {
        Processor numbers = Processor.of(Numbers.class, 1, "numbers", UserConfig.empty().with("n", 100));
        Processor even = Processor.of(Even.class, 2, "even");
        Application app = Application.of("trip", Graph.of(numbers.to(Partitioners.groupBy(m -> (Integer) m.value() % 2), even)),
                UserConfig.empty().with("k", "v"));

        Application back = AppDescription.fromBytes(AppDescription.of(app).toBytes(), getClass().getClassLoader())
                .toApplication(getClass().getClassLoader());

        assertEquals("trip", back.name());
        assertEquals(Map.of("k", "v"), back.config().asMap());
        assertEquals(List.of("numbers", "even"), back.graph().processors().stream().map(Processor::description).toList());
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            var status = engine.awaitTermination(engine.submit(back), Duration.ofSeconds(10));
            assertEquals(AppState.SUCCEEDED, status.state());
            // the group-by key function travelled: parity 0 (key hash 0) to task 0, parity 1 to task 1
            assertEquals(50, status.counter("seen.0"));
            assertEquals(50, status.counter("seen.1"));
        }
    }

    @Test
    void aTaskClassMissingFromTheJarIsNamed() {
        AppDescription d = new AppDescription("gone", List.of(new AppDescription.ProcessorSpec("com.example.Gone", 1, "gone", Map.of())),
                List.of(), Map.of());
        var e = assertThrows(InvalidApplicationException.class, () -> d.toApplication(getClass().getClassLoader()));
        assertTrue(e.getMessage().contains("task class com.example.Gone is not in the application's jar"), e.getMessage());
    }

    /** A partitioner class of the application: travels by name with its field, and has no no-argument constructor. */
    static final class Modulo implements Partitioner {
        private final int modulus;

        Modulo(int modulus) {
            this.modulus = modulus;
        }

        @Override
        public int getPartition(Message message, int partitionNum) {
            return (Integer) message.value() % modulus % partitionNum;
        }
    }

    /** The partitioner of a two-processor application's edge, after the trip through bytes. */
    static Partitioner trip(Partitioner partitioner) {
        Application app = Application.of("trip", Graph.of(Processor.of(Numbers.class, 1).to(partitioner, Processor.of(Even.class, 4))));
        byte[] bytes = AppDescription.of(app).toBytes();
        return AppDescription.fromBytes(bytes, AppDescriptionTest.class.getClassLoader()).toApplication(
                AppDescriptionTest.class.getClassLoader()).graph().edges().get(0).partitioner();
    }

    /** Where messages 0..99 go from each of three senders to four tasks, in order. */
    private static List<Integer> routes(Partitioner p) {
        List<Integer> out = new ArrayList<>();
        for (int sender = 0; sender < 3; sender++) {
            for (int v = 0; v < 100; v++) {
                out.add(p.getPartition(Message.of(v), 4, sender));
            }
        }
        return out;
    }

    @Test
    void everyBuiltInPartitionerComesBackTheSame() {
        for (Partitioner p : List.of(Partitioners.hash(), Partitioners.broadcast(), Partitioners.coLocation())) {
            Partitioner back = trip(p);
            assertEquals(p, back);
            assertEquals(routes(p), routes(back));
        }
        Partitioner shuffle = Partitioners.shuffle();
        Partitioner back = trip(shuffle);
        assertSame(shuffle.getClass(), back.getClass());
        assertEquals(routes(Partitioners.shuffle()), routes(back), "the copy starts from the start");
    }

    @Test
    void groupByWithALambdaCapturingAValueComesBackWithIt() {
        int buckets = 3;
        Partitioner byBucket = Partitioners.groupBy(m -> (Integer) m.value() % buckets);

        Partitioner back = trip(byBucket);

        assertNotSame(byBucket, back);
        assertEquals(routes(byBucket), routes(back));
        List<Integer> byKeyGroup = List.of(0, 1, 2, 0).stream().map(key -> KeyGroups.taskOf(KeyGroups.of(key), 4)).toList();
        assertEquals(byKeyGroup, routes(back).subList(0, 4), "keys 0, 1, 2, 0 to the tasks owning their key groups");
    }

    @Test
    void aLambdaPartitionerAndAPartitionerClassComeBackWithWhatTheyHold() {
        int modulus = 3;
        Partitioner lambda = (m, n) -> (Integer) m.value() % modulus;
        Partitioner instance = new Modulo(2);

        assertEquals(routes(lambda), routes(trip(lambda)));
        assertEquals(List.of(0, 1, 2, 0), routes(trip(lambda)).subList(0, 4));
        Partitioner back = trip(instance);
        assertSame(Modulo.class, back.getClass());
        assertEquals(List.of(0, 1, 0, 1), routes(back).subList(0, 4));
    }

    @Test
    void aPartitionerCapturingANonSerializableLambdaIsRefusedAtSubmissionNamingTheEdgeAndTheRemedy() {
        Function<Message, Object> plain = Message::value; // a plain Function is not Serializable
        Partitioner capturing = (m, n) -> plain.apply(m).hashCode() % n;
        Application app = Application.of("refused", Graph.of(Processor.of(Numbers.class, 1, "numbers")
                .to(capturing, Processor.of(Even.class, 2, "even"))));

        var e = assertThrows(InvalidApplicationException.class, () -> AppDescription.of(app));

        assertTrue(e.getMessage().contains("on edge numbers -> even cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains(plain.getClass().getName() + " is not serializable"), e.getMessage());
        assertTrue(e.getMessage().contains("give it a type that extends Serializable"), e.getMessage());
    }

    @Test
    void aLambdaCapturingAnUnregisteredObjectIsRefusedAtSubmissionNamingItsClass() {
        AtomicInteger counter = new AtomicInteger();
        Application app = Application.of("refused", Graph.of(Processor.of(Numbers.class, 1, "numbers")
                .to(Partitioners.groupBy(m -> counter.incrementAndGet()), Processor.of(Even.class, 2, "even"))));

        var e = assertThrows(InvalidApplicationException.class, () -> AppDescription.of(app).toBytes());

        assertTrue(e.getMessage().contains("on edge numbers -> even cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains("java.util.concurrent.atomic.AtomicInteger is a JDK class"), e.getMessage());
        assertTrue(e.getMessage().contains("a lambda capture, only the wire's registered types"), e.getMessage());
    }

    @Test
    void theDescriptionsWireIdsAreFreeInTheClustersRegistry() {
        WireRegistry all = WireRegistry.builder().register(ClusterWireTypes.ENTRIES)
                .register(PartitionerWireTypes.ENTRIES).register(DescriptionWireTypes.ENTRIES).build();

        // 80-88 are the description's and the partitioners'; the cluster protocol goes on at 89 (ClusterWireTypes)
        assertEquals(List.of(80, 81, 82, 83, 84, 85, 86, 87, 88), all.entries().stream().map(WireRegistry.Entry::id)
                .filter(id -> id >= 80 && id < 89).toList());
    }
}
