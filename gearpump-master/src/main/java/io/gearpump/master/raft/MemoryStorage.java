package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Storage in memory, for simulations: it models a disk with a write cache. Writes queue up until
 * {@link #sync()}; {@link #crash(Random)} then keeps a random prefix of the queued writes and loses
 * the rest, which is the worst {@link RaftStorage} allows. The object itself is the disk: it
 * outlives the node using it, and a restarted node {@link #load()}s from it.
 *
 * <p>Confined to one thread (the node's, or the simulation's that runs every node).
 */
public final class MemoryStorage implements RaftStorage {

    /** One queued write. */
    private sealed interface Write {
        record SaveHardState(HardState state) implements Write {
        }

        record Append(List<LogEntry> entries) implements Write {
        }

        record SaveSnapshot(Snapshot snapshot, boolean discardLog) implements Write {
        }

        record Compact(long index) implements Write {
        }
    }

    private final String name;
    private HardState hardState = HardState.INITIAL;
    private Snapshot snapshot;
    /** Durable entries after the snapshot, or from index 1. */
    private final ArrayList<LogEntry> entries = new ArrayList<>();
    private final List<Write> unsynced = new ArrayList<>();
    private Runnable beforeSync = () -> { };
    private int syncs;

    public MemoryStorage(String name) {
        this.name = name;
    }

    @Override
    public PersistentState load() {
        return PersistentState.reconcile(name, hardState, snapshot, List.copyOf(entries));
    }

    @Override
    public void saveHardState(HardState state) {
        unsynced.add(new Write.SaveHardState(state));
    }

    @Override
    public void append(List<LogEntry> newEntries) {
        if (!newEntries.isEmpty()) {
            unsynced.add(new Write.Append(List.copyOf(newEntries)));
        }
    }

    @Override
    public void saveSnapshot(Snapshot s, boolean discardLog) {
        unsynced.add(new Write.SaveSnapshot(s, discardLog));
    }

    @Override
    public void compact(long index) {
        unsynced.add(new Write.Compact(index));
    }

    @Override
    public void sync() {
        beforeSync.run();
        if (!unsynced.isEmpty()) {
            syncs++;
            unsynced.forEach(this::perform);
            unsynced.clear();
        }
    }

    /** The machine crashes: a random prefix of the unsynced writes reaches the disk, the rest is lost. */
    public void crash(Random random) {
        int kept = random.nextInt(unsynced.size() + 1);
        unsynced.subList(0, kept).forEach(this::perform);
        unsynced.clear();
    }

    /** Runs before every sync; a simulation makes it throw to crash a node between writing and syncing. */
    public void beforeSync(Runnable hook) {
        this.beforeSync = hook;
    }

    /** Syncs that had something to make durable. */
    public int syncCount() {
        return syncs;
    }

    /** Writes made since the last sync. */
    public int unsyncedWrites() {
        return unsynced.size();
    }

    /** Durable log entries (for tests that check what a crash can lose). */
    public int durableEntryCount() {
        return entries.size();
    }

    public HardState durableHardState() {
        return hardState;
    }

    private void perform(Write w) {
        switch (w) {
            case Write.SaveHardState s -> hardState = s.state();
            case Write.Append a -> appendDurably(a.entries());
            case Write.SaveSnapshot s -> {
                snapshot = s.snapshot();
                if (s.discardLog()) {
                    entries.clear();
                }
            }
            case Write.Compact c -> {
                int drop = 0;
                while (drop < entries.size() && entries.get(drop).index() <= c.index()) {
                    drop++;
                }
                entries.subList(0, drop).clear();
            }
        }
    }

    private void appendDurably(List<LogEntry> batch) {
        long first = batch.get(0).index();
        long base = entries.isEmpty() ? -1 : entries.get(0).index();
        if (base >= 0 && first <= entries.get(entries.size() - 1).index()) {
            if (first < base) {
                entries.clear();
            } else {
                entries.subList((int) (first - base), entries.size()).clear();
            }
        } else if (base >= 0 && first != entries.get(entries.size() - 1).index() + 1) {
            throw new IllegalStateException(name + ": appending " + batch.get(0) + " leaves a gap after "
                    + entries.get(entries.size() - 1));
        }
        entries.addAll(batch);
    }

    @Override
    public void close() {
        // nothing to release: the "disk" outlives the node
    }

    @Override
    public String toString() {
        return name;
    }
}
