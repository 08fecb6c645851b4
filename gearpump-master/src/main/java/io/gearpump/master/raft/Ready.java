package io.gearpump.master.raft;

import java.util.List;

/**
 * What a {@link RaftNode} needs done, in this order: write {@code hardState} (when not null), the
 * received {@code snapshot} (when not null; {@code snapshotDiscardsLog} says whether the log before
 * it is dropped entirely) and {@code entries} (the first one may overwrite the log from its index
 * on), make them durable, then call {@link RaftNode#advance}; only then send {@code messages},
 * restore the state machine from {@code snapshot}, apply {@code committed} in order and answer the
 * {@code reads} once applied up to their index.
 */
public record Ready(HardState hardState, Snapshot snapshot, boolean snapshotDiscardsLog, List<LogEntry> entries,
                    List<RaftMessage> messages, List<LogEntry> committed, List<ReadState> reads) {

    public Ready {
        entries = List.copyOf(entries);
        messages = List.copyOf(messages);
        committed = List.copyOf(committed);
        reads = List.copyOf(reads);
    }

    /** Whether anything must be made durable before the messages go out. */
    public boolean mustPersist() {
        return hardState != null || snapshot != null || !entries.isEmpty();
    }
}
