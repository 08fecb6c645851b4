package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

import java.util.List;

class RaftConfigTest {

    private static String refused(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void groupsOfOneThreeOrFiveDistinctMembersIncludingSelf() {
        assertEquals(2, RaftConfig.of("a", List.of("a", "b", "c")).quorum());
        assertEquals(3, RaftConfig.of("a", List.of("a", "b", "c", "d", "e")).quorum());
        assertEquals(List.of("b", "c"), RaftConfig.of("a", List.of("a", "b", "c")).peers());
        assertTrue(refused(() -> RaftConfig.of("a", List.of("a", "b"))).contains("1, 3 or 5"));
        assertTrue(refused(() -> RaftConfig.of("a", List.of("a", "a", "b"))).contains("distinct"));
        assertTrue(refused(() -> RaftConfig.of("x", List.of("a", "b", "c"))).contains("'x' is not one of"));
    }

    @Test
    void settingsAreCheckedWithTheirNames() {
        RaftConfig c = RaftConfig.of("a", List.of("a"));
        assertTrue(refused(() -> c.withTimeouts(10, 6)).contains("heartbeatTicks"));
        assertTrue(refused(() -> c.withTimeouts(1, 1)).contains("electionTicks"));
        assertTrue(refused(() -> c.withBatching(0, 4096, 1)).contains("maxEntriesPerAppend"));
        assertTrue(refused(() -> c.withSnapshots(10, -1, 100)).contains("entriesKeptAfterSnapshot"));
    }
}
