package io.gearpump.core.task;

import io.gearpump.core.state.TaskSnapshot;

/** Told when a task has passed a checkpoint's barrier; the coordinator's end of the tasks. */
public interface CheckpointListener {

    CheckpointListener NONE = (task, checkpointId, state) -> { };

    /**
     * On the task's thread, right after it took checkpoint {@code checkpointId} (for a task that has
     * finished, on the thread that started the checkpoint): {@code snapshot} is its own snapshot and
     * its managed state, frozen. Must not block: the task goes on when this returns, so encoding the
     * managed state and writing belong elsewhere.
     */
    void snapshotted(TaskRunner task, long checkpointId, TaskSnapshot snapshot);

    /** A finished task could not take checkpoint {@code checkpointId}: it fails, for {@code why}. */
    default void failed(TaskRunner task, long checkpointId, String why) {
    }
}
