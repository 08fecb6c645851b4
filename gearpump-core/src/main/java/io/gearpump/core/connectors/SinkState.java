package io.gearpump.core.connectors;

import java.util.List;

/**
 * What a {@link FileSink} task keeps in a checkpoint: the number of its next part, and the parts it
 * had pre-committed but not yet seen committed, each with the checkpoint it was pre-committed at.
 * A restart from that checkpoint commits exactly these parts. On the wire as registered types:
 * {@code Object[] {Long nextPart, String[] names, long[] checkpoints}}.
 */
record SinkState(long nextPart, List<Pending> pending) {

    /** A pre-committed part: its name and the checkpoint that covers it. */
    record Pending(String name, long checkpointId) {
    }

    Object[] toWire() {
        String[] names = new String[pending.size()];
        long[] checkpoints = new long[pending.size()];
        for (int i = 0; i < names.length; i++) {
            names[i] = pending.get(i).name();
            checkpoints[i] = pending.get(i).checkpointId();
        }
        return new Object[] {nextPart, names, checkpoints};
    }

    static SinkState fromWire(Object state) {
        if (!(state instanceof Object[] a && a.length == 3 && a[0] instanceof Long next && a[1] instanceof String[] names
                && a[2] instanceof long[] checkpoints && names.length == checkpoints.length)) {
            throw new IllegalStateException("FileSink: its snapshot is not {nextPart, part names, checkpoints} but "
                    + describe(state) + ": was it written by another version of FileSink?");
        }
        Pending[] pending = new Pending[names.length];
        for (int i = 0; i < names.length; i++) {
            pending[i] = new Pending(names[i], checkpoints[i]);
        }
        return new SinkState(next, List.of(pending));
    }

    private static String describe(Object state) {
        return state == null ? "null" : state.getClass().getSimpleName();
    }
}
