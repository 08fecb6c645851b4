package io.gearpump.core.cluster;

/** A worker as the leading master sees it. Travels by ordinal: append only. */
public enum WorkerState {
    /** Registered and heartbeating. */
    ALIVE,
    /** Declared dead: silent past the heartbeat timeout, or its connection closed. */
    DEAD
}
