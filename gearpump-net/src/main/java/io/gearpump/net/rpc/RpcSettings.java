package io.gearpump.net.rpc;

import io.gearpump.core.config.GearConfig;

import java.time.Duration;

/**
 * Timings of the request/response layer, validated once when built.
 *
 * @param heartbeatInterval how often each side pings ({@code gearpump.net.heartbeat.interval.ms})
 * @param heartbeatTimeout silence after which the peer is declared dead ({@code gearpump.net.heartbeat.timeout.ms});
 *        longer than the interval
 * @param requestTimeout the timeout of {@link RpcEndpoint#request(Object)} ({@code gearpump.net.request.timeout.ms})
 * @param connectTimeout how long a client waits for one dial to connect
 * @param reconnectInitialDelay the first wait before a client re-dials; doubles on every failed dial
 * @param reconnectMaxDelay the longest wait between dials
 */
public record RpcSettings(Duration heartbeatInterval, Duration heartbeatTimeout, Duration requestTimeout,
                          Duration connectTimeout, Duration reconnectInitialDelay, Duration reconnectMaxDelay) {

    public static final Duration DEFAULT_CONNECT_TIMEOUT = Duration.ofSeconds(5);
    public static final Duration DEFAULT_RECONNECT_INITIAL_DELAY = Duration.ofMillis(50);
    public static final Duration DEFAULT_RECONNECT_MAX_DELAY = Duration.ofSeconds(5);

    public RpcSettings {
        positive("heartbeat interval (gearpump.net.heartbeat.interval.ms)", heartbeatInterval);
        positive("heartbeat timeout (gearpump.net.heartbeat.timeout.ms)", heartbeatTimeout);
        positive("request timeout (gearpump.net.request.timeout.ms)", requestTimeout);
        positive("connect timeout", connectTimeout);
        positive("initial reconnect delay", reconnectInitialDelay);
        positive("maximum reconnect delay", reconnectMaxDelay);
        if (heartbeatTimeout.compareTo(heartbeatInterval) <= 0) {
            throw new IllegalArgumentException("gearpump.net.heartbeat.timeout.ms = " + heartbeatTimeout.toMillis()
                    + " must be longer than gearpump.net.heartbeat.interval.ms = " + heartbeatInterval.toMillis()
                    + ", or a live peer would be declared dead between two pings");
        }
        if (reconnectMaxDelay.compareTo(reconnectInitialDelay) < 0) {
            throw new IllegalArgumentException("maximum reconnect delay " + reconnectMaxDelay.toMillis()
                    + " ms is shorter than the initial delay " + reconnectInitialDelay.toMillis() + " ms");
        }
    }

    /** The heartbeat and request timings from configuration; connecting and reconnecting use the defaults. */
    public static RpcSettings from(GearConfig config) {
        return new RpcSettings(
                Duration.ofMillis(config.get(GearConfig.HEARTBEAT_INTERVAL_MS)),
                Duration.ofMillis(config.get(GearConfig.HEARTBEAT_TIMEOUT_MS)),
                Duration.ofMillis(config.get(GearConfig.REQUEST_TIMEOUT_MS)),
                DEFAULT_CONNECT_TIMEOUT, DEFAULT_RECONNECT_INITIAL_DELAY, DEFAULT_RECONNECT_MAX_DELAY);
    }

    public static RpcSettings defaults() {
        return from(GearConfig.defaults());
    }

    public RpcSettings withHeartbeat(Duration interval, Duration timeout) {
        return new RpcSettings(interval, timeout, requestTimeout, connectTimeout, reconnectInitialDelay, reconnectMaxDelay);
    }

    public RpcSettings withRequestTimeout(Duration timeout) {
        return new RpcSettings(heartbeatInterval, heartbeatTimeout, timeout, connectTimeout, reconnectInitialDelay, reconnectMaxDelay);
    }

    public RpcSettings withConnectTimeout(Duration timeout) {
        return new RpcSettings(heartbeatInterval, heartbeatTimeout, requestTimeout, timeout, reconnectInitialDelay, reconnectMaxDelay);
    }

    public RpcSettings withReconnect(Duration initialDelay, Duration maxDelay) {
        return new RpcSettings(heartbeatInterval, heartbeatTimeout, requestTimeout, connectTimeout, initialDelay, maxDelay);
    }

    static void positive(String what, Duration d) {
        if (d == null || d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(what + " must be positive, not " + d);
        }
    }

    /** Whole milliseconds, rounded up, at least 1 (for the event loop's timers). */
    static long millis(Duration d) {
        long ms = d.toMillis();
        return d.equals(Duration.ofMillis(ms)) ? Math.max(1, ms) : ms + 1;
    }
}
