package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;

import org.junit.jupiter.api.Test;

/** Rounds, pauses and the failover window of one search, on a clock the test moves. */
class LeaderSearchTest {

    private long now = 1_000_000_000L;
    private final LeaderSearch search = new LeaderSearch(List.of("a:1", "b:2", "c:3"), Duration.ofMillis(500), () -> now);

    private void advanceMillis(long ms) {
        now += ms * 1_000_000L;
    }

    @Test
    void pausesOnceEveryMasterFailedInARound() {
        search.unreachable("a:1", "refused");
        assertEquals(0, search.pauseMillis());
        search.unreachable("b:2", "refused");
        assertEquals(0, search.pauseMillis());
        search.unreachable("c:3", "refused");
        assertEquals(LeaderSearch.ROUND_PAUSE.toMillis(), search.pauseMillis());
        assertEquals(0, search.pauseMillis(), "a new round");
    }

    @Test
    void theWindowStartsAtTheFirstFailureAndBoundsPausesAndDials() {
        advanceMillis(10_000); // a slow first try is not held against the search
        assertFalse(search.expired());
        assertEquals(Duration.ofMillis(500), search.dialWait(Duration.ofSeconds(5)), "before any failure: up to the window");

        search.unreachable("a:1", "refused");
        advanceMillis(480);
        assertFalse(search.expired());
        assertEquals(Duration.ofMillis(20), search.dialWait(Duration.ofSeconds(5)));
        search.unreachable("b:2", "refused");
        search.unreachable("c:3", "refused");
        assertEquals(20, search.pauseMillis(), "never past the window");

        advanceMillis(20);
        assertTrue(search.expired());
    }

    @Test
    void whenNoneAnsweredItSaysNoMasterReachableWithEachOnesReason() {
        search.unreachable("a:1", "cannot connect to /127.0.0.1:1: Connection refused");
        search.unreachable("b:2", "connection lost: server closed");

        IllegalStateException e = search.gaveUp("ListApps");

        assertEquals("no master reachable: a:1 (cannot connect to /127.0.0.1:1: Connection refused), "
                + "b:2 (connection lost: server closed), c:3 (not tried); ListApps gave up after looking for a leader "
                + "for 500 ms (gearpump.cluster.failover.timeout.ms)", e.getMessage());
    }

    @Test
    void aDialCutShortByTheWindowKeepsTheReasonKnownBefore() {
        search.noConnectionWithin("a:1", Duration.ofMillis(500)); // a first dial that never finished: counts, starts the window
        search.unreachable("b:2", "cannot connect to /127.0.0.1:2: Connection refused");
        advanceMillis(499);
        search.noConnectionWithin("b:2", Duration.ofMillis(1));
        advanceMillis(1);

        assertTrue(search.expired());
        String m = search.gaveUp("ListApps").getMessage();
        assertTrue(m.startsWith("no master reachable: a:1 (no connection within 500 ms), "
                + "b:2 (cannot connect to /127.0.0.1:2: Connection refused), c:3 (not tried)"), m);
    }
}
