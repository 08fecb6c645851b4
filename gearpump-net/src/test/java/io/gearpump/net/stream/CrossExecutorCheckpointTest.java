package io.gearpump.net.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.task.NanoClock;
import io.gearpump.core.task.RunId;
import io.gearpump.core.task.TaskNetwork;
import io.gearpump.core.task.TaskRunner;
import io.gearpump.core.testing.SnapshotTasks;
import io.gearpump.core.testing.Snapshots;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A checkpoint's barriers cross JVMs in the stream frames, in order with the data: the same DAG as
 * the in-JVM barrier test, split over two executors so every shuffle crosses loopback TCP, still
 * gives snapshots that add up exactly with aligned barriers.
 */
@Timeout(60)
class CrossExecutorCheckpointTest {

    @Test
    void alignedBarriersAcrossExecutorsGiveSnapshotsThatAddUpExactly() throws Exception {
        GearConfig config = GearConfig.defaults().with("gearpump.task.inbox.capacity", "64").with("gearpump.task.batch.size", "8")
                .with("gearpump.net.stream.window", "64");
        Application app = SnapshotTasks.fastAndSlowSourcesThroughTwoShuffles();
        ToIntFunction<TaskId> placement = id -> (id.processorId() + id.index()) % 2 == 0 ? 1 : 2; // each shuffle crosses
        Snapshots snapshots = new Snapshots();
        List<TaskRunner> tasks = new ArrayList<>();
        try (TwoExecutors ex = new TwoExecutors(config)) {
            try {
                tasks.addAll(TaskNetwork.build(RunId.of(1), app, config, Instant.EPOCH, n -> d -> { }, (t, o, c) -> { }, NanoClock.SYSTEM,
                        ex.hub1.links(placement)));
                tasks.addAll(TaskNetwork.build(RunId.of(1), app, config, Instant.EPOCH, n -> d -> { }, (t, o, c) -> { }, NanoClock.SYSTEM,
                        ex.hub2.links(placement)));
                tasks.forEach(t -> t.checkpointing(Guarantee.EXACTLY_ONCE, snapshots, type -> true));
                tasks.forEach(TaskRunner::start);

                for (long id = 1; id <= 10; id++) {
                    long checkpoint = id;
                    tasks.stream().filter(TaskRunner::isSource).forEach(t -> t.triggerCheckpoint(checkpoint));
                    snapshots.await(checkpoint, tasks.size());
                    assertEquals(snapshots.sum(id, "fast") + snapshots.sum(id, "slow"), snapshots.sum(id, "counter"),
                            "checkpoint " + id + ": " + snapshots.describe(id));
                }
                assertTrue(snapshots.sum(10, "counter") > 0, "messages crossed before the last checkpoint");
            } finally {
                tasks.forEach(TaskRunner::kill);
                for (TaskRunner t : tasks) {
                    t.awaitEnd(Duration.ofSeconds(10));
                }
            }
        }
    }
}
