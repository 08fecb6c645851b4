package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

class RpcSettingsTest {

    @Test
    void heartbeatAndRequestTimingsComeFromConfiguration() {
        RpcSettings s = RpcSettings.from(GearConfig.of(Map.of(
                "gearpump.net.heartbeat.interval.ms", "200",
                "gearpump.net.heartbeat.timeout.ms", "900",
                "gearpump.net.request.timeout.ms", "3000")));

        assertEquals(Duration.ofMillis(200), s.heartbeatInterval());
        assertEquals(Duration.ofMillis(900), s.heartbeatTimeout());
        assertEquals(Duration.ofMillis(3000), s.requestTimeout());
        assertEquals(RpcSettings.DEFAULT_RECONNECT_INITIAL_DELAY, s.reconnectInitialDelay());
    }

    @Test
    void aHeartbeatTimeoutNotLongerThanTheIntervalIsRefusedNamingBothKeys() {
        GearConfig config = GearConfig.of(Map.of(
                "gearpump.net.heartbeat.interval.ms", "1000",
                "gearpump.net.heartbeat.timeout.ms", "1000"));

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> RpcSettings.from(config));

        assertTrue(e.getMessage().contains("gearpump.net.heartbeat.timeout.ms = 1000"), e.getMessage());
        assertTrue(e.getMessage().contains("gearpump.net.heartbeat.interval.ms = 1000"), e.getMessage());
    }

    @Test
    void nonPositiveDurationsAndABackwardReconnectRangeAreRefused() {
        RpcSettings d = RpcSettings.defaults();

        assertThrows(IllegalArgumentException.class, () -> d.withRequestTimeout(Duration.ZERO));
        assertThrows(IllegalArgumentException.class, () -> d.withConnectTimeout(Duration.ofMillis(-1)));
        assertThrows(IllegalArgumentException.class, () -> d.withReconnect(Duration.ofSeconds(2), Duration.ofSeconds(1)));
    }

    @Test
    void timerMillisRoundUpAndAreAtLeastOne() {
        assertEquals(1, RpcSettings.millis(Duration.ofNanos(1)));
        assertEquals(2, RpcSettings.millis(Duration.ofNanos(1_000_001)));
        assertEquals(5, RpcSettings.millis(Duration.ofMillis(5)));
    }
}
