package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A node's view of the log: entries after {@code baseIndex} (everything up to {@code baseIndex}
 * is in a snapshot; only its term is kept), and four positions in it, always
 * {@code baseIndex <= appliedIndex <= commitIndex <= lastIndex}:
 * <ul>
 * <li>{@code commitIndex}: known to be on a quorum's disks;</li>
 * <li>{@code appliedIndex}: handed out to be applied;</li>
 * <li>{@code stableIndex}: on this node's disk (a leader counts itself only up to here);</li>
 * <li>{@code unstableFrom}: the first entry not yet handed out to be written.</li>
 * </ul>
 * Confined to its node's thread.
 */
final class RaftLog {

    private long baseIndex;
    private long baseTerm;
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private long commitIndex;
    private long appliedIndex;
    private long stableIndex;
    private long unstableFrom;

    RaftLog(long baseIndex, long baseTerm, List<LogEntry> persisted) {
        this.baseIndex = baseIndex;
        this.baseTerm = baseTerm;
        long expected = baseIndex + 1;
        for (LogEntry e : persisted) {
            if (e.index() != expected++) {
                throw new IllegalArgumentException("log entries must follow index " + baseIndex + " without gaps, got "
                        + e + " where index " + (expected - 1) + " was expected");
            }
            entries.add(e);
        }
        commitIndex = baseIndex;
        appliedIndex = baseIndex;
        stableIndex = lastIndex();
        unstableFrom = lastIndex() + 1;
    }

    long baseIndex() {
        return baseIndex;
    }

    long baseTerm() {
        return baseTerm;
    }

    long lastIndex() {
        return baseIndex + entries.size();
    }

    long lastTerm() {
        return entries.isEmpty() ? baseTerm : entries.get(entries.size() - 1).term();
    }

    long commitIndex() {
        return commitIndex;
    }

    long appliedIndex() {
        return appliedIndex;
    }

    long stableIndex() {
        return stableIndex;
    }

    int size() {
        return entries.size();
    }

    /** The term of the entry at {@code index}, or -1 when it is not in the log (compacted or beyond the end). */
    long termAt(long index) {
        if (index == baseIndex) {
            return baseTerm;
        }
        if (index < baseIndex || index > lastIndex()) {
            return -1;
        }
        return entries.get((int) (index - baseIndex - 1)).term();
    }

    /** The entry at {@code index}; {@code baseIndex < index <= lastIndex}. */
    LogEntry entry(long index) {
        if (index <= baseIndex || index > lastIndex()) {
            throw new IllegalArgumentException("index " + index + " is outside the log (" + baseIndex + ", "
                    + lastIndex() + "]");
        }
        return entries.get((int) (index - baseIndex - 1));
    }

    /** Whether a log ending at ({@code index}, {@code term}) is at least as up to date as this one. */
    boolean isUpToDate(long index, long term) {
        return term > lastTerm() || (term == lastTerm() && index >= lastIndex());
    }

    /** Entries from {@code from} on, at most {@code maxCount} of them and {@code maxBytes} (at least one). */
    List<LogEntry> slice(long from, int maxCount, int maxBytes) {
        List<LogEntry> out = new ArrayList<>();
        int bytes = 0;
        for (long i = from; i <= lastIndex() && out.size() < maxCount; i++) {
            LogEntry e = entry(i);
            bytes += e.sizeInBytes();
            if (!out.isEmpty() && bytes > maxBytes) {
                break;
            }
            out.add(e);
        }
        return out;
    }

    /** A leader's own new entry. */
    void append(LogEntry e) {
        if (e.index() != lastIndex() + 1) {
            throw new IllegalArgumentException("appending " + e + " after index " + lastIndex());
        }
        entries.add(e);
    }

    /**
     * Entries from the leader after ({@code prevIndex}, {@code prevTerm}). Returns the highest
     * index known to match the leader's log, or -1 when this log does not hold {@code prevIndex}
     * with {@code prevTerm}. Entries this log already holds are kept (an old or repeated message
     * never shortens the log); at the first conflicting entry the rest of this log is dropped.
     */
    long appendFromLeader(long prevIndex, long prevTerm, List<LogEntry> incoming) {
        long lastNew = prevIndex + incoming.size();
        if (prevIndex < commitIndex) {
            // Everything up to commitIndex is committed, so identical to the leader's: skip it.
            int skip = (int) Math.min(incoming.size(), commitIndex - prevIndex);
            incoming = incoming.subList(skip, incoming.size());
            prevIndex = commitIndex;
            prevTerm = termAt(commitIndex);
            lastNew = Math.max(lastNew, commitIndex);
        }
        if (termAt(prevIndex) != prevTerm || prevTerm < 0) {
            return -1;
        }
        for (int k = 0; k < incoming.size(); k++) {
            LogEntry e = incoming.get(k);
            long have = termAt(e.index());
            if (have == e.term()) {
                continue;
            }
            if (have >= 0) {
                truncateFrom(e.index());
            }
            entries.addAll(incoming.subList(k, incoming.size()));
            break;
        }
        return lastNew;
    }

    /** Where a leader could retry after {@code prevIndex} was refused: skips the conflicting term. */
    long rejectHint(long prevIndex) {
        if (prevIndex > lastIndex()) {
            return lastIndex();
        }
        long conflictTerm = termAt(prevIndex);
        long i = prevIndex - 1;
        while (i > commitIndex && termAt(i) == conflictTerm) {
            i--;
        }
        return i;
    }

    private void truncateFrom(long index) {
        if (index <= commitIndex) {
            throw new IllegalStateException("refusing to drop committed entries from index " + index
                    + " (commit index " + commitIndex + ")");
        }
        entries.subList((int) (index - baseIndex - 1), entries.size()).clear();
        stableIndex = Math.min(stableIndex, index - 1);
        unstableFrom = Math.min(unstableFrom, index);
    }

    void commitTo(long index) {
        if (index > commitIndex) {
            if (index > lastIndex()) {
                throw new IllegalStateException("commit index " + index + " beyond the last entry " + lastIndex());
            }
            commitIndex = index;
        }
    }

    boolean hasUnstable() {
        return unstableFrom <= lastIndex();
    }

    /** The entries to write next; afterwards they count as handed out. */
    List<LogEntry> takeUnstable() {
        if (!hasUnstable()) {
            return List.of();
        }
        List<LogEntry> out = new ArrayList<>(entries.subList((int) (unstableFrom - baseIndex - 1), entries.size()));
        unstableFrom = lastIndex() + 1;
        return out;
    }

    /** Entries up to {@code index} are on disk. */
    void stableTo(long index) {
        stableIndex = Math.max(stableIndex, Math.min(index, lastIndex()));
    }

    boolean hasCommittedToApply() {
        return commitIndex > appliedIndex;
    }

    /** The committed entries not handed out yet; afterwards they count as applied. */
    List<LogEntry> takeCommitted() {
        if (!hasCommittedToApply()) {
            return List.of();
        }
        List<LogEntry> out = new ArrayList<>(entries.subList((int) (appliedIndex - baseIndex),
                (int) (commitIndex - baseIndex)));
        appliedIndex = commitIndex;
        return out;
    }

    /** Drops entries up to {@code index} (they are in a snapshot); {@code index <= appliedIndex}. */
    void compact(long index) {
        if (index <= baseIndex) {
            return;
        }
        if (index > appliedIndex) {
            throw new IllegalArgumentException("cannot compact to " + index + " beyond the applied index "
                    + appliedIndex);
        }
        baseTerm = termAt(index);
        entries.subList(0, (int) (index - baseIndex)).clear();
        baseIndex = index;
    }

    /**
     * Moves the log onto a snapshot as of ({@code index}, {@code term}), {@code index > commitIndex}.
     * When this log holds that entry the entries after it stay; otherwise the whole log goes.
     * Returns whether the entries after it were kept.
     */
    boolean restoreTo(long index, long term) {
        boolean keep = termAt(index) == term;
        if (keep) {
            entries.subList(0, (int) (index - baseIndex)).clear();
        } else {
            entries.clear();
        }
        baseIndex = index;
        baseTerm = term;
        commitIndex = Math.max(commitIndex, index);
        appliedIndex = index;
        stableIndex = Math.max(stableIndex, index);
        unstableFrom = Math.max(unstableFrom, index + 1);
        if (!keep) {
            stableIndex = index;
            unstableFrom = index + 1;
        }
        return keep;
    }
}
