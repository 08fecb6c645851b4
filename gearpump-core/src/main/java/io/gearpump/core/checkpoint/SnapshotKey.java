package io.gearpump.core.checkpoint;

import io.gearpump.core.api.TaskId;

/** One task's snapshot in one checkpoint of one application. */
public record SnapshotKey(int appId, long checkpointId, TaskId task) {

    public SnapshotKey {
        if (checkpointId <= 0) {
            throw new IllegalArgumentException("checkpoint ids start at 1, was " + checkpointId);
        }
    }

    @Override
    public String toString() {
        return "app " + appId + " checkpoint " + checkpointId + " task " + task;
    }
}
