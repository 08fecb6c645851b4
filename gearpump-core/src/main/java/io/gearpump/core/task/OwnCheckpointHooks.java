package io.gearpump.core.task;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TransactionalSink;

/**
 * A task's own part in checkpoints, beside its managed state: a {@link TransactionalSink}'s
 * pre-commit, commit and recovery, or a {@link Checkpointed} task's snapshot and restore; nothing
 * for any other task. Called on the task's thread (or, once it finished, under its runner's lock).
 */
final class OwnCheckpointHooks {

    private final Task task;

    OwnCheckpointHooks(Task task) {
        this.task = task;
    }

    /** Whether the task keeps a snapshot of its own in each checkpoint. */
    boolean keepsOwnState() {
        return task instanceof TransactionalSink || task instanceof Checkpointed;
    }

    /** The task's own snapshot for checkpoint {@code checkpointId} (a sink's pre-commit), or null. */
    Object snapshot(long checkpointId) {
        if (task instanceof TransactionalSink<?> sink) {
            return sink.preCommit(checkpointId);
        }
        return task instanceof Checkpointed<?> c ? c.snapshotState() : null;
    }

    /** Gives the task back what it gave completed checkpoint {@code checkpointId}. */
    @SuppressWarnings({"unchecked", "rawtypes"})
    void restore(long checkpointId, Object own) {
        if (task instanceof TransactionalSink sink) {
            sink.recover(checkpointId, own);
        } else if (task instanceof Checkpointed c) {
            c.restoreState(own);
            c.checkpointCompleted(checkpointId); // it did complete: whatever it prepared is final now
        }
    }

    /** Checkpoint {@code checkpointId} completed: a sink commits, a checkpointed task hears of it. */
    void completed(long checkpointId) {
        if (task instanceof TransactionalSink<?> sink) {
            sink.commit(checkpointId);
        } else if (task instanceof Checkpointed<?> c) {
            c.checkpointCompleted(checkpointId);
        }
    }
}
