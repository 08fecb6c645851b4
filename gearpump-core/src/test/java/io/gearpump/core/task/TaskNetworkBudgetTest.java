package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** A task's output batches and inbox shrink with the fan-out and the number of tasks, not its memory grow. */
class TaskNetworkBudgetTest {

    @Test
    void batchesShareTheOutputBudgetOfTheirSender() {
        assertEquals(512, TaskNetwork.batchFor(512, 8192, 2), "a small fan-out keeps the configured batch");
        assertEquals(16, TaskNetwork.batchFor(512, 8192, 500), "500 channels share 8,192 messages");
        assertEquals(8, TaskNetwork.batchFor(512, 8192, 5000), "never below 8");
        assertEquals(4, TaskNetwork.batchFor(4, 8192, 1), "never above the configured batch");
    }

    @Test
    void outputBuffersShareTheInFlightBudgetOfTheJvmToo() {
        assertEquals(8192, TaskNetwork.outputBudgetFor(8192, 1 << 20, 6), "a few tasks keep the configured budget");
        assertEquals(174, TaskNetwork.outputBudgetFor(8192, 1 << 20, 6000), "6,000 tasks: at most 1 Mi messages buffered in all");
        assertEquals(16, TaskNetwork.outputBudgetFor(8192, 1 << 20, 1_000_000), "never below two smallest batches");
    }

    @Test
    void inboxesShareTheInFlightBudgetOfTheJvm() {
        assertEquals(8192, TaskNetwork.inboxFor(8192, 1 << 20, 4), "a few tasks keep the configured capacity");
        assertEquals(1048, TaskNetwork.inboxFor(8192, 1 << 20, 1000));
        assertEquals(64, TaskNetwork.inboxFor(8192, 1 << 20, 100_000), "never below 64");
    }
}
