package io.gearpump.core.task;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.state.ManagedState;
import io.gearpump.core.state.RestoredSnapshot;
import io.gearpump.core.state.StateData;
import io.gearpump.core.state.TaskSnapshot;

import java.util.Map;
import java.util.function.Predicate;

/**
 * One task's part in checkpoints, apart from aligning its inputs' barriers: which checkpoint the
 * coordinator asked for, gave up and completed; taking a snapshot (the task's own and its managed
 * state) and sending the barrier on; telling the task of a completed checkpoint once; and, once the
 * task has finished, taking every later checkpoint with its final state on the caller's thread, so a
 * finished task never holds one up.
 *
 * <p>Threads: the coordinator's news arrive on its threads (volatile); the rest is the task thread's
 * until the task has finished, then guarded by {@code finishing}.
 */
final class TaskCheckpoints {

    private final TaskRunner task;
    private Guarantee guarantee = Guarantee.NONE;
    private CheckpointListener listener = CheckpointListener.NONE;
    private Predicate<Class<?>> stateTypes = type -> true;
    private RestoredSnapshot restored; // the snapshot to start from, if any
    private long restoredCheckpoint;
    private OwnCheckpointHooks hooks;
    private ManagedState state;
    private OutputRouter router;
    private long lastTaken = Batch.NO_BARRIER;
    private long completedAnnounced = Batch.NO_BARRIER;
    private final Object finishing = new Object();
    private boolean finished; // guarded by finishing: the task ended having finished its work
    private volatile long requested = Batch.NO_BARRIER; // taken at once by sources; others wait for the barrier
    private volatile long abandoned = Batch.NO_BARRIER;
    private volatile long completed = Batch.NO_BARRIER;

    TaskCheckpoints(TaskRunner task) {
        this.task = task;
    }

    // ------------------------------------------------------------------ before the task starts

    void configure(Guarantee newGuarantee, CheckpointListener newListener, Predicate<Class<?>> newStateTypes) {
        this.guarantee = newGuarantee;
        this.listener = newListener;
        this.stateTypes = newStateTypes;
    }

    void restoreFrom(long checkpointId, RestoredSnapshot snapshot) {
        this.restoredCheckpoint = checkpointId;
        this.restored = snapshot;
    }

    Guarantee guarantee() {
        return guarantee;
    }

    Predicate<Class<?>> stateTypes() {
        return stateTypes;
    }

    /** The managed state the task starts from, by name (empty without a snapshot). */
    Map<String, StateData> restoredStates() {
        return restored == null ? Map.of() : restored.states();
    }

    /**
     * The task was built: its snapshots come from {@code newHooks} and {@code newState}, its barriers
     * go out through {@code newRouter}; it gets its own snapshot back if it starts from one.
     */
    void start(OwnCheckpointHooks newHooks, ManagedState newState, OutputRouter newRouter, Class<?> taskClass) {
        this.hooks = newHooks;
        this.state = newState;
        this.router = newRouter;
        if (restored == null) {
            return;
        }
        completedAnnounced = restoredCheckpoint;
        boolean ownState = hooks.keepsOwnState();
        if (restored.hasCustom() != ownState) {
            throw new IllegalStateException(task + ": the checkpoint " + (ownState ? "holds no" : "holds a")
                    + " snapshot of the task's own, but " + taskClass.getName() + (ownState ? " implements" : " does not implement")
                    + " Checkpointed or TransactionalSink: was the application changed?");
        }
        hooks.restore(restoredCheckpoint, restored.custom());
        restored = null;
    }

    // ------------------------------------------------------------------ the coordinator's news, any thread

    /** Checkpoint {@code checkpointId} starts; a task that has finished takes it here with its final state. */
    void requested(long checkpointId) {
        requested = checkpointId;
    }

    /** After {@link #requested} and a wake-up: a task that has finished takes it now, on this thread. */
    void takeIfFinished(long checkpointId) {
        synchronized (finishing) {
            if (finished && lastTaken < checkpointId) {
                try {
                    takeFinal(checkpointId);
                } catch (RuntimeException e) { // the checkpoint fails, with its reason; the caller goes on with other tasks
                    lastTaken = checkpointId;
                    listener.failed(task, checkpointId, task + " could not take it: " + e);
                }
            }
        }
    }

    void completed(long checkpointId) {
        completed = checkpointId;
    }

    /** After {@link #completed} and a wake-up: a task that has finished hears of it now, on this thread. */
    void announceIfFinished(long checkpointId) {
        synchronized (finishing) {
            if (finished) {
                announce(checkpointId);
            }
        }
    }

    void abandoned(long checkpointId) {
        abandoned = checkpointId;
    }

    // ------------------------------------------------------------------ the task thread

    /** The checkpoint a source should start now, or {@link Batch#NO_BARRIER}. */
    long owed() {
        long r = requested;
        return r > lastTaken ? r : Batch.NO_BARRIER;
    }

    /** The last checkpoint the coordinator gave up, or {@link Batch#NO_BARRIER}. */
    long lastAbandoned() {
        return abandoned;
    }

    /** Tells a {@link Checkpointed} task or a sink of the last completed checkpoint, unless it heard of it already. */
    void announceCompleted() {
        announce(completed);
    }

    /** Snapshots the task, sends the barrier downstream and tells the listener, before any later message. */
    void take(long checkpointId) {
        if (checkpointId == Batch.NO_BARRIER) {
            return;
        }
        TaskSnapshot snapshot = snapshot(checkpointId);
        router.barrier(checkpointId);
        lastTaken = checkpointId;
        listener.snapshotted(task, checkpointId, snapshot);
    }

    /**
     * The task is done: from now on it takes every checkpoint with its final state, starting with one
     * still owed, and hears of completed ones on the thread that reports them.
     */
    void finished() {
        synchronized (finishing) {
            finished = true;
            long owed = requested;
            if (owed > lastTaken) {
                takeFinal(owed);
            }
            if (completed <= lastTaken) {
                announce(completed); // one that completed while it finished
            }
        }
    }

    private void announce(long checkpointId) {
        if (checkpointId > completedAnnounced) {
            hooks.completed(checkpointId);
            completedAnnounced = checkpointId; // only once done: a commit that threw is tried again
        }
    }

    /** A checkpoint of a task that has finished: its final state, no barrier (its outputs have ended). */
    private void takeFinal(long checkpointId) {
        TaskSnapshot snapshot = snapshot(checkpointId);
        lastTaken = checkpointId;
        listener.snapshotted(task, checkpointId, snapshot);
    }

    /** The task's own snapshot (a sink's pre-commit), if it keeps one, and its managed state, frozen. */
    private TaskSnapshot snapshot(long checkpointId) {
        return new TaskSnapshot(hooks.keepsOwnState(), hooks.snapshot(checkpointId), state.snapshot());
    }
}
