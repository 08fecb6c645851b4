package io.gearpump.core.checkpoint;

import java.util.List;

/**
 * Where an application's checkpoints lie: one opaque snapshot per task per checkpoint. A write is
 * durable and whole when it returns (a reader never sees half of one); a read checks what it reads
 * and fails naming the snapshot when it is missing or damaged, never returning something else.
 * Which checkpoint is complete is recorded elsewhere (the masters' log), so a store holds complete
 * checkpoints and the debris of incomplete ones alike, and deletes what it is told to.
 *
 * <p>Implementations: {@link FileCheckpointStore} (a directory: local, or a mount every machine
 * shares); one over a Kafka topic can follow the same contract. Thread-safe.
 */
public interface CheckpointStore extends AutoCloseable {

    /** Stores {@code snapshot} under {@code key}, replacing any earlier one; durable on return. */
    default void write(SnapshotKey key, byte[] snapshot) {
        write(key, snapshot, snapshot.length);
    }

    /** Stores the first {@code length} bytes of {@code buffer} (a reused encoding buffer, not copied) as {@link #write(SnapshotKey, byte[])} does. */
    void write(SnapshotKey key, byte[] buffer, int length);

    /**
     * Stores as {@link #write(SnapshotKey, byte[], int)} does, except that the snapshot may be readable
     * and durable only once {@link #sync} of its checkpoint returns: one writer of several snapshots of a
     * checkpoint then makes them durable together (one file, one flush of the disk).
     */
    default void writeUnsynced(SnapshotKey key, byte[] buffer, int length) {
        write(key, buffer, length);
    }

    /** Makes the snapshots of checkpoint {@code checkpointId} written with {@link #writeUnsynced} durable. */
    default void sync(int appId, long checkpointId) {
    }

    /** The snapshot stored under {@code key}; a {@link CheckpointException} naming it when it is missing or corrupt. */
    byte[] read(SnapshotKey key);

    /** The ids of the checkpoints the store holds anything of for the application, ascending. */
    List<Long> checkpoints(int appId);

    /** Removes everything of one checkpoint (complete or not); no error if there is nothing. */
    void delete(int appId, long checkpointId);

    /** Where checkpoint {@code checkpointId} lies, for people: a path or a topic. */
    String location(int appId, long checkpointId);

    /** Discards what was written with {@link #writeUnsynced} and never synced; the store is not used after. */
    @Override
    default void close() {
    }
}
