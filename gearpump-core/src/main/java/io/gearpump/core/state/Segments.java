package io.gearpump.core.state;

import java.util.HashMap;

/**
 * Entries split in segments that are copied on the first write after a snapshot: a snapshot takes
 * the segments as they are (no copy), and the task, going on, copies only a segment it writes to. So
 * a checkpoint neither stops the task for long nor sees a later change, and a state of many segments
 * is copied a segment at a time. Task thread only; a frozen segment is never written again, so any
 * thread may read it.
 */
final class Segments {

    private final HashMap<Object, Object>[] maps; // null: empty
    private final int[] madeIn; // the epoch in which maps[i] was made: writable in that epoch only
    private int epoch = 1;

    @SuppressWarnings("unchecked")
    Segments(int count) {
        this.maps = new HashMap[count];
        this.madeIn = new int[count];
    }

    int count() {
        return maps.length;
    }

    /** Segment {@code i} to read, or null when it is empty. */
    HashMap<Object, Object> read(int i) {
        return maps[i];
    }

    /** Segment {@code i} to write: made, or copied if a snapshot holds it. */
    HashMap<Object, Object> write(int i) {
        HashMap<Object, Object> m = maps[i];
        if (m == null || madeIn[i] != epoch) {
            m = m == null ? new HashMap<>() : new HashMap<>(m);
            maps[i] = m;
            madeIn[i] = epoch;
        }
        return m;
    }

    /** The epoch writes belong to now; what was made in an earlier one may be in a snapshot. */
    int epoch() {
        return epoch;
    }

    /** The segments as they are, never to be written again: later writes go to copies. */
    HashMap<Object, Object>[] freeze() {
        HashMap<Object, Object>[] frozen = maps.clone();
        epoch++;
        return frozen;
    }
}
