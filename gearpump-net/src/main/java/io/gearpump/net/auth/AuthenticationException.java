package io.gearpump.net.auth;

import io.gearpump.net.frame.FrameException;

/** A peer failed the handshake; its connection is closed with this message as the reason. */
final class AuthenticationException extends FrameException {

    private static final long serialVersionUID = 1L;

    AuthenticationException(String message) {
        super(message);
    }
}
