package io.gearpump.master.raft;

import java.util.List;

/**
 * Where a node keeps what must survive a crash. Used by one thread (the node's).
 *
 * <p>Durability contract: every write is durable once {@link #sync()} returns (an implementation may
 * make some earlier). If the process or machine crashes before that, what survives is some prefix of
 * the writes since the last sync, in the order they were made: never a later write without every
 * earlier one. A write or sync that fails throws {@link StorageException}; the node must then stop,
 * since it can no longer tell what is on disk.
 */
public interface RaftStorage extends AutoCloseable {

    /** What was durable when the storage was opened. */
    PersistentState load();

    void saveHardState(HardState state);

    /**
     * Appends entries; the first one's index may be at or below the last stored index, in which
     * case the stored log is cut there first. Entries must follow each other without gaps.
     */
    void append(List<LogEntry> entries);

    /**
     * Stores a snapshot. With {@code discardLog} the whole log goes with it (the log disagreed with
     * the snapshot); otherwise the log stays and {@link #compact} may drop what the snapshot covers.
     */
    void saveSnapshot(Snapshot snapshot, boolean discardLog);

    /** Entries up to {@code index} may be dropped; they are covered by a stored snapshot. */
    void compact(long index);

    /** Makes every write so far durable (one fsync or a few for all of them: group commit). */
    void sync();

    @Override
    void close();
}
