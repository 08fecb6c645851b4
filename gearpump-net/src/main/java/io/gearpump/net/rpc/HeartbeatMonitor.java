package io.gearpump.net.rpc;

/**
 * The failure detector of one connection, as plain arithmetic on times passed in (nanoseconds from
 * any fixed origin), so tests step it by hand. Anything at all that arrives from the peer counts as
 * a sign of life; the owner passes the connection's received-byte count at every tick. The peer is
 * declared dead once nothing has arrived for the timeout, seen at the first tick after it; ticks come
 * every {@link #tickNanos()} (at most a quarter of the timeout), so that is at most a quarter late.
 * Confined to the connection's event loop.
 */
final class HeartbeatMonitor {

    /** What the owner should do now. */
    enum Verdict { NOTHING, PING, DEAD }

    private final long intervalNanos;
    private final long timeoutNanos;
    private long lastHeardNanos;
    private long lastBytes;
    private long lastPingNanos;

    /** Starts as if the peer was heard from, and pinged, at {@code nowNanos}. */
    HeartbeatMonitor(long intervalNanos, long timeoutNanos, long nowNanos, long bytesReceived) {
        if (intervalNanos <= 0 || timeoutNanos <= intervalNanos) {
            throw new IllegalArgumentException("need 0 < interval < timeout, not " + intervalNanos + " and " + timeoutNanos);
        }
        this.intervalNanos = intervalNanos;
        this.timeoutNanos = timeoutNanos;
        this.lastHeardNanos = nowNanos;
        this.lastBytes = bytesReceived;
        this.lastPingNanos = nowNanos;
    }

    /** How often to call {@link #tick}. */
    long tickNanos() {
        return Math.max(1_000_000L, Math.min(intervalNanos, timeoutNanos / 4));
    }

    Verdict tick(long nowNanos, long bytesReceived) {
        if (bytesReceived != lastBytes) {
            lastBytes = bytesReceived;
            lastHeardNanos = nowNanos;
        }
        if (nowNanos - lastHeardNanos >= timeoutNanos) {
            return Verdict.DEAD;
        }
        if (nowNanos - lastPingNanos >= intervalNanos) {
            lastPingNanos = nowNanos;
            return Verdict.PING;
        }
        return Verdict.NOTHING;
    }

    /** How long the peer has been silent, as of the last tick that heard it. */
    long silentNanos(long nowNanos) {
        return nowNanos - lastHeardNanos;
    }
}
