package io.gearpump.master.raft;

import java.util.Arrays;

/**
 * One entry of the replicated log. A {@link Kind#COMMAND} carries a client command for the state
 * machine, tagged with the client's id and sequence number so a retried command is applied once
 * ({@code clientId} 0: no de-duplication). A {@link Kind#NO_OP} is what a new leader appends to
 * commit the entries of earlier terms. {@code command} is never mutated once the entry exists.
 */
public record LogEntry(long index, long term, Kind kind, long clientId, long sequence, byte[] command) {

    /** What an entry carries. */
    public enum Kind { NO_OP, COMMAND }

    /** No client: the command is applied every time it appears in the log. */
    public static final long NO_CLIENT = 0;

    /** Bytes an entry takes besides its command, counted against message and batch sizes. */
    static final int OVERHEAD_BYTES = 41;

    private static final byte[] EMPTY = new byte[0];

    public LogEntry {
        if (index < 1 || term < 1) {
            throw new IllegalArgumentException("a log entry needs index >= 1 and term >= 1, got index " + index
                    + " term " + term);
        }
        if (kind == null || command == null) {
            throw new IllegalArgumentException("a log entry needs a kind and a command (may be empty)");
        }
    }

    public static LogEntry noOp(long index, long term) {
        return new LogEntry(index, term, Kind.NO_OP, NO_CLIENT, 0, EMPTY);
    }

    public static LogEntry command(long index, long term, long clientId, long sequence, byte[] command) {
        return new LogEntry(index, term, Kind.COMMAND, clientId, sequence, command);
    }

    int sizeInBytes() {
        return OVERHEAD_BYTES + command.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof LogEntry e && e.index == index && e.term == term && e.kind == kind
                && e.clientId == clientId && e.sequence == sequence && Arrays.equals(e.command, command);
    }

    @Override
    public int hashCode() {
        return (Long.hashCode(index) * 31 + Long.hashCode(term)) * 31 + Arrays.hashCode(command);
    }

    @Override
    public String toString() {
        return kind == Kind.NO_OP ? "NoOp[" + index + "@" + term + "]"
                : "Command[" + index + "@" + term + ", client " + clientId + "#" + sequence + ", "
                        + command.length + " bytes]";
    }
}
