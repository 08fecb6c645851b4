package io.gearpump.worker.executor;

import io.gearpump.core.checkpoint.CheckpointException;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.checkpoint.CheckpointStore;
import io.gearpump.core.checkpoint.FileCheckpointStore;

import java.util.ArrayDeque;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps an application's last {@code gearpump.checkpoint.retained} completed checkpoints and deletes
 * everything older, complete or abandoned, each time one completes. The deleting runs off the
 * AppMaster's thread, one deletion at a time. {@link #completed} is called on the agent's thread.
 */
final class CheckpointRetention {

    private static final Logger LOG = LoggerFactory.getLogger(CheckpointRetention.class);

    private final int appId;
    private final int retained;
    private final CheckpointStore store;
    private final ArrayDeque<Long> kept = new ArrayDeque<>();
    private final Object deleting = new Object();

    CheckpointRetention(int appId, CheckpointSettings settings, long lastCompleted) {
        this(appId, settings.retained(), settings.enabled() ? new FileCheckpointStore(settings.dir()) : null, lastCompleted);
    }

    CheckpointRetention(int appId, int retained, CheckpointStore store, long lastCompleted) {
        this.appId = appId;
        this.retained = retained;
        this.store = store;
        if (lastCompleted > 0) {
            kept.add(lastCompleted);
        }
    }

    /** Where checkpoint {@code checkpointId} lies. */
    String location(long checkpointId) {
        return store.location(appId, checkpointId);
    }

    /** Checkpoint {@code checkpointId} completed: what is older than the ones kept goes, off this thread. */
    void completed(long checkpointId) {
        kept.addLast(checkpointId);
        while (kept.size() > retained) {
            kept.removeFirst();
        }
        List<Long> keep = List.copyOf(kept);
        Thread.ofVirtual().name("checkpoint-retention-" + appId).start(() -> deleteOlderThan(checkpointId, keep));
    }

    /** Deletes every checkpoint up to {@code newest} except those in {@code keep}, one deletion at a time. */
    private void deleteOlderThan(long newest, List<Long> keep) {
        synchronized (deleting) {
            try {
                for (long id : store.checkpoints(appId)) {
                    if (id <= newest && !keep.contains(id)) {
                        store.delete(appId, id);
                    }
                }
            } catch (CheckpointException e) {
                LOG.warn("app {}: old checkpoints could not all be deleted (the next completed one tries again): {}", appId,
                        e.getMessage());
            }
        }
    }
}
