package io.gearpump.core.api;

import java.time.Instant;

/**
 * The last checkpoint an application completed: its id, when it completed, the size of its
 * snapshots, and how long it took from the barrier to the last snapshot written. {@link #NONE} until
 * one completes (and for an application without a guarantee).
 */
public record CheckpointStatus(long id, Instant completed, long bytes, long durationMillis) {

    public static final CheckpointStatus NONE = new CheckpointStatus(0, null, 0, 0);
}
