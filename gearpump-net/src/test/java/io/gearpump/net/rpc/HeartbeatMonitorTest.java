package io.gearpump.net.rpc;

import static io.gearpump.net.rpc.HeartbeatMonitor.Verdict.DEAD;
import static io.gearpump.net.rpc.HeartbeatMonitor.Verdict.NOTHING;
import static io.gearpump.net.rpc.HeartbeatMonitor.Verdict.PING;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

/** Time and received bytes are passed in by hand. */
class HeartbeatMonitorTest {

    private static final long MS = 1_000_000L;

    @Test
    void pingsEveryIntervalAndDeclaresASilentPeerDeadAtTheTimeout() {
        HeartbeatMonitor m = new HeartbeatMonitor(100 * MS, 500 * MS, 0, 0);

        assertEquals(NOTHING, m.tick(99 * MS, 0));
        assertEquals(PING, m.tick(100 * MS, 0));
        assertEquals(NOTHING, m.tick(150 * MS, 0));
        assertEquals(PING, m.tick(200 * MS, 0));
        assertEquals(PING, m.tick(499 * MS, 0));
        assertEquals(DEAD, m.tick(500 * MS, 0));
        assertEquals(500 * MS, m.silentNanos(500 * MS));
    }

    @Test
    void anythingArrivingCountsAsLife() {
        HeartbeatMonitor m = new HeartbeatMonitor(100 * MS, 500 * MS, 0, 10);

        assertEquals(PING, m.tick(400 * MS, 25)); // 15 bytes came: heard at 400
        assertEquals(PING, m.tick(899 * MS, 25));
        assertEquals(DEAD, m.tick(900 * MS, 25));
    }

    @Test
    void ticksOftenEnoughToSeeTheTimeoutWithinAQuarterOfIt() {
        assertEquals(100 * MS, new HeartbeatMonitor(100 * MS, 5_000 * MS, 0, 0).tickNanos());
        assertEquals(250 * MS, new HeartbeatMonitor(900 * MS, 1_000 * MS, 0, 0).tickNanos());
        assertEquals(MS, new HeartbeatMonitor(1_000, 2_000, 0, 0).tickNanos(), "never below a millisecond");
    }

    @Test
    void theTimeoutMustExceedTheInterval() {
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatMonitor(100 * MS, 100 * MS, 0, 0));
        assertThrows(IllegalArgumentException.class, () -> new HeartbeatMonitor(0, 100 * MS, 0, 0));
    }
}
