package io.gearpump.net.auth;

import io.gearpump.net.frame.FrameException;

/** A peer failed the handshake; its connection is closed with this message as the reason. */
public final class AuthenticationException extends FrameException {

    /**
     * How every reason for a failed handshake starts, for people reading logs; code learns of a failed
     * handshake from {@link io.gearpump.net.protocol.Session.Listener#onAuthenticationFailed}.
     */
    public static final String PREFIX = "authentication failed: ";

    private static final long serialVersionUID = 1L;

    AuthenticationException(String message) {
        super(message);
    }
}
