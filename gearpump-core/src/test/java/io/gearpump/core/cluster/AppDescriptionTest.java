package io.gearpump.core.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** The travelling form of an application: the same application comes back, and a missing class is named. */
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
}
