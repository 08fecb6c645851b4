package io.gearpump.core.runtime;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.task.CheckpointListener;

import io.gearpump.core.state.RestoredSnapshot;

import java.util.Map;
import java.util.function.Predicate;

/**
 * How the tasks of one part of an application (the tasks in this JVM) take part in checkpoints:
 * with which guarantee, whom they tell of each snapshot, the snapshots they start from (those of
 * completed checkpoint {@code restoredCheckpoint} at a restart; none, and 0, at the first start), and
 * which types their state may hold (those a snapshot can encode).
 */
public record PartCheckpoints(Guarantee guarantee, CheckpointListener listener, long restoredCheckpoint,
                              Map<TaskId, RestoredSnapshot> restoreFrom, Predicate<Class<?>> stateTypes) {

    /** No checkpoints, and no check of state types. */
    public static final PartCheckpoints NONE = none(type -> true);

    /** No checkpoints; state may hold the types {@code stateTypes} accepts, so it could be checkpointed later. */
    public static PartCheckpoints none(Predicate<Class<?>> stateTypes) {
        return new PartCheckpoints(Guarantee.NONE, CheckpointListener.NONE, 0, Map.of(), stateTypes);
    }
}
