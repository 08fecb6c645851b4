package io.gearpump.net.auth;

import io.gearpump.net.frame.FrameException;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoop;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;

import java.nio.charset.StandardCharsets;
import java.util.Random;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mutual HMAC-SHA256 challenge-response on one connection (the exchange is described in the package
 * documentation). From {@link #start} until the peer has proven the secret, frames from the peer
 * are capped at {@value #PRE_AUTH_MAX_FRAME_BYTES} bytes; a failed proof, an unexpected or
 * undecodable handshake frame, or a handshake that has not finished after the timeout closes the
 * connection; the connection logs the reason as it closes (one line, no separate log here, so a
 * flood of bad peers costs one line each). One instance per connection, used on its loop thread only.
 */
public final class HmacHandshake implements Session.Handshake {

    /** Largest frame accepted from a peer that has not authenticated yet. */
    public static final int PRE_AUTH_MAX_FRAME_BYTES = 4096;
    static final String PRE_AUTH_LIMIT = "the limit before the peer has authenticated";

    private static final Logger LOG = LoggerFactory.getLogger(HmacHandshake.class);

    /** The side of the connection: the server (accepting side) challenges first. */
    public enum Role { SERVER, CLIENT }

    enum State {
        NEW("not started"),
        AWAIT_CHALLENGE("waiting for the server's challenge"),
        AWAIT_CLIENT_PROOF("waiting for the client's proof"),
        AWAIT_SERVER_PROOF("waiting for the server's proof"),
        DONE("authenticated"),
        FAILED("refused");

        private final String description;

        State(String description) {
            this.description = description;
        }
    }

    private final Role role;
    private final Proofs proofs;
    private final Random random;
    private final long timeoutMillis;
    // The rest belongs to the connection's loop thread.
    private State state = State.NEW;
    private Object peer = "no connection yet";
    private byte[] serverNonce;
    private byte[] clientNonce;
    private EventLoop.Timer timer;

    private HmacHandshake(Role role, String secret, Random random, long timeoutMillis) {
        if (timeoutMillis <= 0) {
            throw new IllegalArgumentException("the handshake timeout must be positive, not " + timeoutMillis + " ms");
        }
        this.role = role;
        this.proofs = new Proofs(secret.getBytes(StandardCharsets.UTF_8));
        this.random = random;
        this.timeoutMillis = timeoutMillis;
    }

    /** The accepting side's handshake; nonces come from {@code random} (a {@code SecureRandom} outside tests). */
    public static HmacHandshake server(String secret, Random random, long timeoutMillis) {
        return new HmacHandshake(Role.SERVER, secret, random, timeoutMillis);
    }

    /** The connecting side's handshake; nonces come from {@code random} (a {@code SecureRandom} outside tests). */
    public static HmacHandshake client(String secret, Random random, long timeoutMillis) {
        return new HmacHandshake(Role.CLIENT, secret, random, timeoutMillis);
    }

    public Role role() {
        return role;
    }

    @Override
    public void start(Connection connection) {
        if (state != State.NEW) {
            throw new IllegalStateException("a handshake serves one connection; make a new one for " + connection);
        }
        peer = connection;
        connection.frameLimit(PRE_AUTH_MAX_FRAME_BYTES, PRE_AUTH_LIMIT);
        timer = connection.loop().schedule(timeoutMillis, () -> timedOut(connection));
        if (role == Role.SERVER) {
            serverNonce = nonce();
            connection.sendPayload(AuthCodec.encode(new AuthMessage.Challenge(serverNonce)));
            state(State.AWAIT_CLIENT_PROOF, "challenge sent");
        } else {
            state(State.AWAIT_CHALLENGE, "connected");
        }
    }

    @Override
    public boolean onFrame(Connection connection, byte[] payload) throws FrameException {
        AuthMessage message;
        try {
            message = AuthCodec.decode(payload);
        } catch (IllegalArgumentException e) {
            throw refuse(connection, "bad handshake frame of " + payload.length + " bytes: " + e.getMessage());
        }
        return switch (message) {
            case AuthMessage.Challenge c when state == State.AWAIT_CHALLENGE -> onChallenge(connection, c);
            case AuthMessage.ClientProof p when state == State.AWAIT_CLIENT_PROOF -> onClientProof(connection, p);
            case AuthMessage.ServerProof p when state == State.AWAIT_SERVER_PROOF -> onServerProof(connection, p);
            default -> throw refuse(connection, "a " + message.name() + " came while " + state.description);
        };
    }

    private boolean onChallenge(Connection connection, AuthMessage.Challenge challenge) {
        serverNonce = challenge.serverNonce();
        clientNonce = nonce();
        byte[] proof = proofs.client(serverNonce, clientNonce);
        connection.sendPayload(AuthCodec.encode(new AuthMessage.ClientProof(clientNonce, proof)));
        state(State.AWAIT_SERVER_PROOF, "proof and challenge sent");
        return false;
    }

    private boolean onClientProof(Connection connection, AuthMessage.ClientProof proof) throws FrameException {
        if (Proofs.matches(serverNonce, proof.clientNonce())) {
            throw refuse(connection, "the client sent our own nonce back as its challenge");
        }
        if (!Proofs.matches(proofs.client(serverNonce, proof.clientNonce()), proof.mac())) {
            throw refuse(connection, "the client's proof does not match: it has a different gearpump.cluster.secret,"
                    + " or replays a proof from another handshake");
        }
        clientNonce = proof.clientNonce();
        connection.sendPayload(AuthCodec.encode(new AuthMessage.ServerProof(proofs.server(serverNonce, clientNonce))));
        return authenticated(connection, "the client proved the secret");
    }

    private boolean onServerProof(Connection connection, AuthMessage.ServerProof proof) throws FrameException {
        if (!Proofs.matches(proofs.server(serverNonce, clientNonce), proof.mac())) {
            throw refuse(connection, "the server's proof does not match: it has a different gearpump.cluster.secret,"
                    + " or replays a proof from another handshake");
        }
        return authenticated(connection, "the server proved the secret");
    }

    private boolean authenticated(Connection connection, String why) {
        timer.cancel();
        connection.resetFrameLimit();
        state(State.DONE, why);
        return true;
    }

    private FrameException refuse(Connection connection, String reason) {
        if (timer != null) {
            timer.cancel();
        }
        state(State.FAILED, reason);
        return new AuthenticationException(AuthenticationException.PREFIX + reason); // the connection logs it as it closes
    }

    /**
     * Another kind of frame before the peer has proven the secret is refused like a bad proof. A peer
     * with the secret never sends one (a server sends its challenge first, a client nothing but its
     * proof until the server has proven itself), so where the handshake starts it means the peer has
     * no secret: said so, to this side's log and close reason only, never to the peer.
     */
    @Override
    public FrameException refuseBeforeAuthenticated(Connection connection, byte kind) {
        String frame = "a " + FrameKind.name(kind) + " frame";
        return switch (state) {
            case AWAIT_CHALLENGE -> refuse(connection, "this side has a gearpump.cluster.secret but the server does not"
                    + " authenticate: it sent " + frame + " instead of a challenge (is gearpump.cluster.secret set on the"
                    + " server?)");
            case AWAIT_CLIENT_PROOF -> refuse(connection, "this side requires authentication (gearpump.cluster.secret)"
                    + " but the client does not authenticate: it sent " + frame + " instead of its proof (is"
                    + " gearpump.cluster.secret set on the client?)");
            default -> refuse(connection, frame + " came while " + state.description);
        };
    }

    /**
     * A client whose proof made the server close the connection: the server has another secret (the
     * server does not say, so a prober learns nothing it could not see).
     */
    @Override
    public String refusalIn(String reason) {
        if (role == Role.CLIENT && state == State.AWAIT_SERVER_PROOF) {
            return AuthenticationException.PREFIX + "the server closed the connection on this side's proof: its "
                    + "gearpump.cluster.secret differs from this side's (" + reason + ")";
        }
        return null;
    }

    private void timedOut(Connection connection) {
        if (state == State.DONE || state == State.FAILED) {
            return;
        }
        String hint = state == State.AWAIT_CHALLENGE ? "; is gearpump.cluster.secret set on the server too?" : "";
        String reason = "authentication did not finish within " + timeoutMillis + " ms (" + state.description + hint + ")";
        state(State.FAILED, reason);
        connection.close(reason);
    }

    private void state(State next, String why) {
        LOG.debug("{}: {} handshake {} -> {}: {}", peer, role, state, next, why); // failures: the close reason says why
        state = next;
    }

    private byte[] nonce() {
        byte[] nonce = new byte[AuthMessage.BYTES];
        random.nextBytes(nonce);
        return nonce;
    }

    @Override
    public String toString() {
        return role + " HMAC handshake on " + peer + " (" + state.description + ")";
    }
}
