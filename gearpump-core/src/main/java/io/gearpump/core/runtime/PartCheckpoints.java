package io.gearpump.core.runtime;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.task.CheckpointListener;

import java.util.Map;

/**
 * How the tasks of one part of an application (the tasks in this JVM) take part in checkpoints:
 * with which guarantee, whom they tell of each snapshot, and the snapshots they start from (those of
 * completed checkpoint {@code restoredCheckpoint} at a restart; none, and 0, at the first start).
 */
public record PartCheckpoints(Guarantee guarantee, CheckpointListener listener, long restoredCheckpoint,
                              Map<TaskId, Object> restoreFrom) {

    public static final PartCheckpoints NONE = new PartCheckpoints(Guarantee.NONE, CheckpointListener.NONE, 0, Map.of());
}
