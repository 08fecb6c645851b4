package io.gearpump.core.api;

/**
 * A sink task whose output becomes final only when a checkpoint that covers it completes: a
 * two-phase commit with the checkpoint as the transaction. At a checkpoint's barrier the sink makes
 * what it wrote since the last one durable but not yet visible ({@link #preCommit}); when that
 * checkpoint has completed everywhere it makes it visible ({@link #commit}); after a failure it is
 * restarted from the last completed checkpoint with what {@code preCommit} gave then
 * ({@link #recover}), commits that and throws away everything written after it. A reader of the
 * output therefore never sees a record twice, nor one that is later rolled back. All three run on
 * the task's thread.
 *
 * @param <S> what a restart needs (e.g. the names of the files pre-committed): registered wire types
 */
public interface TransactionalSink<S> {

    /** At checkpoint {@code checkpointId}'s barrier: everything written so far is made durable, not visible. */
    S preCommit(long checkpointId);

    /** Checkpoint {@code checkpointId} completed: what was pre-committed up to it becomes visible. */
    void commit(long checkpointId);

    /**
     * Before {@code onStart} at a restart from completed checkpoint {@code checkpointId}: {@code state} is
     * what {@link #preCommit} gave for it; commit it, and discard whatever was written after it.
     */
    void recover(long checkpointId, S state);
}
