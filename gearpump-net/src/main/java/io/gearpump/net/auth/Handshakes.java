package io.gearpump.net.auth;

import io.gearpump.core.config.GearConfig;
import io.gearpump.net.protocol.Session;

import java.security.SecureRandom;
import java.util.Random;

/**
 * Picks the handshake for new connections from configuration: {@link Session#NO_HANDSHAKE} when
 * {@code gearpump.cluster.secret} is not set, otherwise a fresh {@link HmacHandshake} per
 * connection. Give each accepted connection {@link #forServer()} and each connection this side
 * opens {@link #forClient()}. Immutable; any thread.
 */
public final class Handshakes {

    private final String secret; // null: no authentication
    private final Random random;
    private final long timeoutMillis;

    private Handshakes(String secret, Random random, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("the handshake timeout must be positive, not " + timeoutMillis + " ms");
        }
        this.secret = secret;
        this.random = random;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * From {@code gearpump.cluster.secret}, with nonces from a {@link SecureRandom}; a handshake must
     * finish within {@code gearpump.net.heartbeat.timeout.ms}, the silence after which a peer counts
     * as dead anyway.
     */
    public static Handshakes fromConfig(GearConfig config) {
        return fromConfig(config, new SecureRandom(), config.get(GearConfig.HEARTBEAT_TIMEOUT_MS));
    }

    /** From {@code gearpump.cluster.secret}, with the given nonce source and timeout. */
    public static Handshakes fromConfig(GearConfig config, Random random, long timeoutMillis) {
        String secret = config.get(GearConfig.CLUSTER_SECRET);
        return new Handshakes(secret == null || secret.isEmpty() ? null : secret, random, timeoutMillis);
    }

    /** Every connection unauthenticated. */
    public static Handshakes none() {
        return new Handshakes(null, new Random(0), 1);
    }

    /** True when connections must prove the cluster secret. */
    public boolean authenticates() {
        return secret != null;
    }

    /** For a connection this side accepted. */
    public Session.Handshake forServer() {
        return secret == null ? Session.NO_HANDSHAKE : HmacHandshake.server(secret, random, timeoutMillis);
    }

    /** For a connection this side opened. */
    public Session.Handshake forClient() {
        return secret == null ? Session.NO_HANDSHAKE : HmacHandshake.client(secret, random, timeoutMillis);
    }

    @Override
    public String toString() {
        return secret == null ? "no authentication" : "HMAC authentication (timeout " + timeoutMillis + " ms)";
    }
}
