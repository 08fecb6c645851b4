package io.gearpump.net.auth;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * The bearer token of the masters' REST API: the hex HMAC-SHA256 of a fixed label keyed by the
 * cluster secret ({@code gearpump.cluster.secret}), so whoever holds the secret can make it
 * ({@code bin/gear token}) and the token reveals nothing of the secret. It never changes while the
 * secret does not. Immutable; any thread.
 */
public final class ApiToken {

    private static final byte[] LABEL = "gearpump rest v1: api token".getBytes(StandardCharsets.US_ASCII);

    private final byte[] token;

    private ApiToken(String secret) {
        this.token = HexFormat.of().formatHex(new Proofs(secret.getBytes(StandardCharsets.UTF_8)).derived(LABEL))
                .getBytes(StandardCharsets.US_ASCII);
    }

    /** The token of {@code secret}, which must not be empty. */
    public static ApiToken of(String secret) {
        return new ApiToken(secret);
    }

    /** The token, as a client sends it ({@code Authorization: Bearer <token>}). */
    public String value() {
        return new String(token, StandardCharsets.US_ASCII);
    }

    /** Whether {@code presented} is this token, compared in constant time. */
    public boolean matches(String presented) {
        return presented != null && Proofs.matches(token, presented.trim().getBytes(StandardCharsets.US_ASCII));
    }

    @Override
    public String toString() {
        return "REST API token (not shown)";
    }
}
