package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * What a node finds on its disk when it starts: its term and vote, its latest snapshot (if any)
 * and the log entries after it, without gaps.
 */
public record PersistentState(HardState hardState, Optional<Snapshot> snapshot, List<LogEntry> entries) {

    private static final Logger LOG = LoggerFactory.getLogger(PersistentState.class);

    public static final PersistentState EMPTY = new PersistentState(HardState.INITIAL, Optional.empty(), List.of());

    public PersistentState {
        entries = List.copyOf(entries);
        long expected = snapshot.map(Snapshot::index).orElse(0L) + 1;
        for (LogEntry e : entries) {
            if (e.index() != expected++) {
                throw new IllegalArgumentException("log entries must follow the snapshot without gaps; found " + e
                        + " where index " + (expected - 1) + " was expected");
            }
        }
    }

    /** The index everything before the log is folded into (0 without a snapshot). */
    public long baseIndex() {
        return snapshot.map(Snapshot::index).orElse(0L);
    }

    public long baseTerm() {
        return snapshot.map(Snapshot::term).orElse(0L);
    }

    /**
     * Puts together what a storage read, keeping only log entries that can follow the snapshot:
     * entries up to the snapshot are dropped, and when the log disagrees with the snapshot (another
     * term at the snapshot's index, or a gap after it) the whole log is dropped, since it was left
     * behind by a snapshot install that had not reached the disk in full. {@code raw} must have no gaps.
     */
    static PersistentState reconcile(String who, HardState hardState, Snapshot snapshot, List<LogEntry> raw) {
        if (snapshot == null) {
            if (!raw.isEmpty() && raw.get(0).index() != 1) {
                LOG.warn("{}: the log starts at index {} with no snapshot before it; dropping it", who,
                        raw.get(0).index());
                return new PersistentState(hardState, Optional.empty(), List.of());
            }
            return new PersistentState(hardState, Optional.empty(), raw);
        }
        List<LogEntry> kept = new ArrayList<>();
        boolean consistent = true;
        for (LogEntry e : raw) {
            if (e.index() == snapshot.index() && e.term() != snapshot.term()) {
                consistent = false;
            }
            if (e.index() > snapshot.index()) {
                kept.add(e);
            }
        }
        if (!kept.isEmpty() && kept.get(0).index() != snapshot.index() + 1) {
            consistent = false;
        }
        if (!consistent) {
            LOG.warn("{}: log entries {}..{} do not follow the snapshot at {}; dropping them", who,
                    raw.get(0).index(), raw.get(raw.size() - 1).index(), snapshot);
            kept.clear();
        }
        return new PersistentState(hardState, Optional.of(snapshot), kept);
    }
}
