package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.List;

/**
 * A {@link MemoryStorage} seen by the {@link SafetyChecker}: every entry a node writes is checked
 * for log matching against every entry written anywhere before. Keeps the terms of the node's log
 * to know each entry's previous term. Confined to the simulation's thread.
 */
final class CheckedStorage implements RaftStorage {

    private final String node;
    private final MemoryStorage disk;
    private final SafetyChecker checker;
    private long baseIndex;
    private long baseTerm;
    private final ArrayList<Long> terms = new ArrayList<>();

    CheckedStorage(String node, MemoryStorage disk, SafetyChecker checker) {
        this.node = node;
        this.disk = disk;
        this.checker = checker;
        PersistentState state = disk.load();
        baseIndex = state.baseIndex();
        baseTerm = state.baseTerm();
        state.entries().forEach(e -> terms.add(e.term()));
    }

    @Override
    public PersistentState load() {
        return disk.load();
    }

    @Override
    public void saveHardState(HardState state) {
        disk.saveHardState(state);
    }

    @Override
    public void append(List<LogEntry> entries) {
        for (LogEntry e : entries) {
            long previous = termAt(e.index() - 1);
            if (previous < 0) {
                throw new AssertionError(node + " wrote " + e + " with no entry before it (log (" + baseIndex + ", "
                        + (baseIndex + terms.size()) + "])");
            }
            checker.written(node, e, previous);
            int at = (int) (e.index() - baseIndex - 1);
            if (at < terms.size()) {
                terms.subList(at, terms.size()).clear();
            }
            terms.add(e.term());
        }
        disk.append(entries);
    }

    private long termAt(long index) {
        if (index == baseIndex) {
            return baseTerm;
        }
        if (index < baseIndex || index > baseIndex + terms.size()) {
            return -1;
        }
        return terms.get((int) (index - baseIndex - 1));
    }

    @Override
    public void saveSnapshot(Snapshot snapshot, boolean discardLog) {
        long have = termAt(snapshot.index());
        if (discardLog || (have < 0 && snapshot.index() > baseIndex + terms.size())) {
            // also when the entry at the snapshot was received in the same batch and never written:
            // everything stored is covered by the snapshot
            baseIndex = snapshot.index();
            baseTerm = snapshot.term();
            terms.clear();
        } else if (have != snapshot.term()) {
            throw new AssertionError(node + " kept its log behind " + snapshot + " though its term there is "
                    + termAt(snapshot.index()));
        }
        disk.saveSnapshot(snapshot, discardLog);
    }

    @Override
    public void compact(long index) {
        disk.compact(index);
    }

    @Override
    public void sync() {
        disk.sync();
    }

    @Override
    public void close() {
        disk.close();
    }
}
