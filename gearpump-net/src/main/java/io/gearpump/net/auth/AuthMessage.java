package io.gearpump.net.auth;

/**
 * The handshake's records (the body of an AUTH frame). Nonces and MACs are always exactly
 * {@value #BYTES} bytes; the arrays are not copied, so whoever makes a record gives its arrays away.
 */
sealed interface AuthMessage {

    /** Length of every nonce and every MAC (HMAC-SHA256). */
    int BYTES = 32;

    /** Server to client, first: the server's fresh nonce. */
    record Challenge(byte[] serverNonce) implements AuthMessage {
        public Challenge {
            checkLength("server nonce", serverNonce);
        }
    }

    /** Client to server: the client's fresh nonce and its proof over both nonces. */
    record ClientProof(byte[] clientNonce, byte[] mac) implements AuthMessage {
        public ClientProof {
            checkLength("client nonce", clientNonce);
            checkLength("client proof", mac);
        }
    }

    /** Server to client, last: the server's proof over both nonces. */
    record ServerProof(byte[] mac) implements AuthMessage {
        public ServerProof {
            checkLength("server proof", mac);
        }
    }

    /** The record's name, for log lines and refusals. */
    default String name() {
        return getClass().getSimpleName();
    }

    private static void checkLength(String what, byte[] bytes) {
        if (bytes == null || bytes.length != BYTES) {
            throw new IllegalArgumentException("a " + what + " is " + BYTES + " bytes, not "
                    + (bytes == null ? "missing" : bytes.length));
        }
    }
}
