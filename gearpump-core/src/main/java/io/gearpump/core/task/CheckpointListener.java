package io.gearpump.core.task;

/** Told when a task has passed a checkpoint's barrier; the coordinator's end of the tasks. */
public interface CheckpointListener {

    CheckpointListener NONE = (task, checkpointId, state) -> { };

    /**
     * On the task's thread, right after it took checkpoint {@code checkpointId} (for a task that has
     * finished, on the thread that started the checkpoint): {@code state} is its
     * snapshot ({@link io.gearpump.core.api.Checkpointed#snapshotState}, or null for a task without
     * state). Must not block: the task goes on when this returns, so writing belongs elsewhere.
     */
    void snapshotted(TaskRunner task, long checkpointId, Object state);
}
