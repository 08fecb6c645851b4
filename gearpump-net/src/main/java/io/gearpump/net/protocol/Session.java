package io.gearpump.net.protocol;

import io.gearpump.net.frame.FrameException;
import io.gearpump.net.frame.FrameView;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.ConnectionHandler;

import java.util.Map;

/**
 * The protocol on one connection: first the handshake (which may be a no-op), then every frame is
 * dispatched by its {@link FrameKind} to the part of the protocol that owns it. Runs on the
 * connection's loop thread. A frame of a kind nobody handles, or anything but a handshake frame
 * before the handshake is done, closes the connection. Handshake frames always go to the handshake,
 * so one that comes when none is expected (e.g. this side has no secret) is refused with its reason;
 * what a frame before the handshake is done says about the peer is the handshake's to tell too. A
 * connection the handshake refused (or that the peer closed on this side's proof) tells its listener
 * {@link Listener#onAuthenticationFailed}, so a client can stop dialing what cannot work. Kinds with
 * a {@link ViewHandler} get their frames in place, the others as arrays of their own.
 */
public final class Session implements ConnectionHandler {

    /** Handles the frames of one kind; {@code payload[0]} is the kind. */
    @FunctionalInterface
    public interface KindHandler {
        void onFrame(Connection connection, byte[] payload) throws Exception;
    }

    /** Handles the frames of one kind where they were read (see {@link FrameView}); {@code frame.kind()} is the kind. */
    @FunctionalInterface
    public interface ViewHandler {
        void onFrame(Connection connection, FrameView frame) throws Exception;
    }

    /** Proves the peer's identity before anything else is accepted. */
    public interface Handshake {
        /** Called when the connection opens (e.g. to send a challenge). */
        void start(Connection connection) throws Exception;

        /** One AUTH frame; returns true once the peer is authenticated, throws to refuse it. */
        boolean onFrame(Connection connection, byte[] payload) throws Exception;

        /**
         * The refusal of a frame of {@code kind} (not AUTH) that came before the peer authenticated;
         * the handshake knows what such a frame says about the peer (e.g. that it has no secret).
         */
        default FrameException refuseBeforeAuthenticated(Connection connection, byte kind) {
            return new FrameException(FrameKind.name(kind) + " frame before the peer authenticated");
        }

        /**
         * When the connection closed (for {@code reason}) before the handshake finished: why, said as an
         * authentication failure, if the close means the peer refused this side's proof; else null (a lost
         * connection, a peer that went down: dialing again may work).
         */
        default String refusalIn(String reason) {
            return null;
        }
    }

    /** Told about the connection's life (once authenticated, and when it closes). */
    public interface Listener {
        default void onAuthenticated(Connection connection) {
        }

        /**
         * Authentication failed: the peers' secrets differ, or only one side has one. Dialing again
         * cannot help until a configuration changes. {@link #onClose} follows with the same reason.
         */
        default void onAuthenticationFailed(Connection connection, String reason) {
        }

        default void onClose(Connection connection, String reason) {
        }
    }

    /** The handshake of a cluster without a secret: done at once. */
    public static final Handshake NO_HANDSHAKE = new Handshake() {
        @Override
        public void start(Connection connection) {
        }

        @Override
        public boolean onFrame(Connection connection, byte[] payload) throws FrameException {
            // a side with a secret sends nothing else first (a server its challenge), so this is the one-sided case
            throw new FrameException("authentication failed: the peer requires authentication (gearpump.cluster.secret)"
                    + " but this side has no secret: it sent a handshake frame");
        }
    };

    private final Handshake handshake;
    private final Map<Byte, KindHandler> handlers;
    private final Map<Byte, ViewHandler> viewHandlers;
    private final Listener listener;
    // loop thread only:
    private boolean authenticated;
    private String refusal; // why the handshake refused the peer, once it has

    public Session(Handshake handshake, Map<Byte, KindHandler> handlers, Listener listener) {
        this(handshake, handlers, Map.of(), listener);
    }

    public Session(Handshake handshake, Map<Byte, KindHandler> handlers, Map<Byte, ViewHandler> viewHandlers,
                   Listener listener) {
        this.handshake = handshake;
        this.handlers = Map.copyOf(handlers);
        this.viewHandlers = Map.copyOf(viewHandlers);
        this.listener = listener;
    }

    @Override
    public void onOpen(Connection connection) {
        try {
            handshake.start(connection);
        } catch (Exception e) {
            connection.close("handshake could not start: " + e.getMessage());
            return;
        }
        if (handshake == NO_HANDSHAKE) {
            authenticated(connection);
        }
    }

    @Override
    public void onFrame(Connection connection, FrameView frame) throws Exception {
        ViewHandler h = frame.length() == 0 || !authenticated ? null : viewHandlers.get(frame.kind());
        if (h != null) {
            h.onFrame(connection, frame);
        } else {
            onFrame(connection, frame.copy());
        }
    }

    @Override
    public void onFrame(Connection connection, byte[] payload) throws Exception {
        if (payload.length == 0) {
            throw new FrameException("empty frame");
        }
        byte kind = payload[0];
        if (kind == FrameKind.AUTH) { // always the handshake's, which refuses one it does not expect
            boolean done;
            try {
                done = handshake.onFrame(connection, payload);
            } catch (FrameException e) {
                throw refused(e);
            }
            if (done && !authenticated) {
                authenticated(connection);
            }
            return;
        }
        if (!authenticated) {
            throw refused(handshake.refuseBeforeAuthenticated(connection, kind));
        }
        KindHandler h = handlers.get(kind);
        if (h == null) {
            throw new FrameException("no handler for frames of " + FrameKind.name(kind));
        }
        h.onFrame(connection, payload);
    }

    @Override
    public void onClose(Connection connection, String reason) {
        String failed = refusal != null ? refusal : authenticated ? null : handshake.refusalIn(reason);
        if (failed == null) {
            listener.onClose(connection, reason);
            return;
        }
        listener.onAuthenticationFailed(connection, failed);
        listener.onClose(connection, failed); // the handshake's words, without the connection's "bad frame" framing
    }

    public boolean isAuthenticated() {
        return authenticated;
    }

    private FrameException refused(FrameException e) {
        refusal = e.getMessage();
        return e;
    }

    private void authenticated(Connection connection) {
        authenticated = true;
        listener.onAuthenticated(connection);
    }
}
