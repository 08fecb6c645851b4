package io.gearpump.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;

import org.junit.jupiter.api.Test;

class EngineMetricsTest {

    private static final TaskProbe IDLE = new TaskProbe() {
        @Override
        public long received() {
            return 0;
        }

        @Override
        public long sent() {
            return 0;
        }

        @Override
        public int inboxDepth() {
            return 0;
        }

        @Override
        public long backPressuredNanos() {
            return 0;
        }
    };

    @Test
    void anEndedApplicationTakesItsTasksMetricsAlongAndLeavesTheNextRunsInPlace() {
        try (EngineMetrics metrics = EngineMetrics.start(GearConfig.defaults(), "local", 0, id -> 7)) {
            for (int i = 0; i < 3; i++) {
                metrics.register(1, new TaskId(0, i), IDLE);
            }
            metrics.register(2, new TaskId(0, 0), IDLE); // the same names (app 7's task 0.0): a later run replaced them
            String inbox = "app7.processor0.task0:inboxDepth";

            metrics.unregister(1);

            assertTrue(metrics.registry().getMetrics().containsKey(inbox), "the later run's metrics stay");
            assertEquals(0, metrics.registry().getMetrics().keySet().stream().filter(n -> n.contains(".task1:")).count(),
                    "the ended run's other tasks left");
            metrics.unregister(2);
            assertEquals(0, metrics.registry().getMetrics().keySet().stream().filter(n -> n.startsWith("app7.")).count());
        }
    }
}
