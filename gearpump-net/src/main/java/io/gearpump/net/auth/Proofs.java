package io.gearpump.net.auth;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The handshake's MACs: HMAC-SHA256 keyed with the cluster secret over a direction label and both
 * nonces. Nonces have a fixed length, so the input is unambiguous; the labels differ, so a client's
 * proof is never a valid server proof (no reflection). Immutable; any thread.
 */
final class Proofs {

    private static final String ALGORITHM = "HmacSHA256";
    private static final byte[] CLIENT_LABEL = "gearpump auth v1: client proof".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] SERVER_LABEL = "gearpump auth v1: server proof".getBytes(StandardCharsets.US_ASCII);

    private final SecretKeySpec key;

    Proofs(byte[] secret) {
        if (secret.length == 0) {
            throw new IllegalArgumentException("the cluster secret is empty; set gearpump.cluster.secret, or run without"
                    + " authentication by leaving it unset");
        }
        this.key = new SecretKeySpec(secret, ALGORITHM);
    }

    /** What the client sends to prove it knows the secret. */
    byte[] client(byte[] serverNonce, byte[] clientNonce) {
        return mac(CLIENT_LABEL, serverNonce, clientNonce);
    }

    /** What the server sends to prove it knows the secret. */
    byte[] server(byte[] serverNonce, byte[] clientNonce) {
        return mac(SERVER_LABEL, serverNonce, clientNonce);
    }

    /** A MAC of {@code label} alone: a value derived from the secret for one purpose (e.g. the REST API's token). */
    byte[] derived(byte[] label) {
        return mac(label, new byte[0], new byte[0]);
    }

    /** Constant-time comparison: how long it takes says nothing about where the MACs differ. */
    static boolean matches(byte[] expected, byte[] received) {
        return MessageDigest.isEqual(expected, received);
    }

    private byte[] mac(byte[] label, byte[] serverNonce, byte[] clientNonce) {
        try {
            Mac mac = Mac.getInstance(ALGORITHM);
            mac.init(key);
            mac.update(label);
            mac.update(serverNonce);
            mac.update(clientNonce);
            return mac.doFinal();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(ALGORITHM + " is required of every JDK but is not available here", e);
        }
    }

    @Override
    public String toString() {
        return "HMAC-SHA256 proofs (secret not shown)";
    }
}
