package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/** The simulated disk: what survives a crash is a prefix of the writes since the last sync. */
class MemoryStorageTest {

    private static LogEntry e(long index, long term) {
        return LogEntry.command(index, term, 0, 0, new byte[] {(byte) index});
    }

    @Test
    void aCrashKeepsWhatWasSyncedAndSomePrefixOfTheRest() {
        Set<Integer> outcomes = new HashSet<>();
        Random random = new Random(1);
        for (int round = 0; round < 50; round++) {
            MemoryStorage disk = new MemoryStorage("m");
            disk.saveHardState(new HardState(1, "a"));
            disk.append(List.of(e(1, 1), e(2, 1)));
            disk.sync();
            disk.saveHardState(new HardState(2, "b"));
            disk.append(List.of(e(3, 2)));
            disk.append(List.of(e(2, 2)));
            disk.crash(random);
            PersistentState p = disk.load();
            int kept = p.hardState().term() == 1 ? 0 : p.entries().size() == 2 && p.entries().get(1).term() == 2 ? 3
                    : p.entries().size() == 3 ? 2 : 1;
            switch (kept) {
                case 0 -> assertEquals(List.of(e(1, 1), e(2, 1)), p.entries());
                case 1 -> assertEquals(List.of(e(1, 1), e(2, 1)), p.entries());
                case 2 -> assertEquals(List.of(e(1, 1), e(2, 1), e(3, 2)), p.entries());
                default -> assertEquals(List.of(e(1, 1), e(2, 2)), p.entries());
            }
            if (p.entries().size() == 3 || p.entries().get(1).term() == 2) {
                assertEquals(2, p.hardState().term(), "a later write never survives without an earlier one");
            }
            outcomes.add(kept);
        }
        assertEquals(Set.of(0, 1, 2, 3), outcomes, "every prefix happens for some seed");
    }

    @Test
    void syncsAreCountedOnlyWhenThereIsSomethingToSync() {
        MemoryStorage disk = new MemoryStorage("m");
        disk.sync();
        disk.append(List.of(e(1, 1)));
        disk.append(List.of(e(2, 1)));
        disk.sync();
        assertEquals(1, disk.syncCount());
        assertTrue(disk.unsyncedWrites() == 0);
    }
}
