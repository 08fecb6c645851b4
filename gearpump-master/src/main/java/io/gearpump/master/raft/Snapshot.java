package io.gearpump.master.raft;

import java.util.Arrays;

/**
 * The replicated state as of log index {@code index} (whose entry has term {@code term}): every
 * entry up to and including {@code index} is folded into {@code data}. {@code data} is never
 * mutated once the snapshot exists.
 */
public record Snapshot(long index, long term, byte[] data) {

    public Snapshot {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("a snapshot needs index >= 1 and term >= 1, got index " + index
                    + " term " + term);
        }
        if (data == null) {
            throw new IllegalArgumentException("snapshot data must not be null");
        }
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Snapshot s && s.index == index && s.term == term && Arrays.equals(s.data, data);
    }

    @Override
    public int hashCode() {
        return Long.hashCode(index) * 31 + Arrays.hashCode(data);
    }

    @Override
    public String toString() {
        return "Snapshot[index=" + index + ", term=" + term + ", " + data.length + " bytes]";
    }
}
