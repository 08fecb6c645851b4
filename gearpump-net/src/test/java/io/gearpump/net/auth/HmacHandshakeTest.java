package io.gearpump.net.auth;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.ConnectionHandler;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.testing.EchoSessions;
import io.gearpump.net.testing.LoopbackNet;
import io.gearpump.net.testing.RawPeer;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The HMAC handshake between real sockets: the right secret works, anything else is refused. */
@Timeout(60)
class HmacHandshakeTest {

    private static final String SECRET = "correct horse battery staple";
    private static final long TIMEOUT_MS = 5_000;
    private static final Duration WAIT = Duration.ofSeconds(10);

    private LoopbackNet net;
    private EventLoopGroup serverLoop;
    private EventLoopGroup clientLoop;
    private final EchoSessions.Recorder server = new EchoSessions.Recorder();

    @BeforeEach
    void start() {
        net = new LoopbackNet();
        serverLoop = net.group("server", 1, 1 << 20);
        clientLoop = net.group("client", 1, 1 << 20);
    }

    @AfterEach
    void stop() {
        net.close();
    }

    /** Handshakes from configuration; server and client get differently seeded nonces. */
    private static Handshakes handshakes(String secret, long seed, long timeoutMs) {
        GearConfig config = secret == null ? GearConfig.defaults()
                : GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), secret);
        return Handshakes.fromConfig(config, new Random(seed), timeoutMs);
    }

    private NetServer echoServer(String secret) {
        return echoServer(secret, TIMEOUT_MS);
    }

    private NetServer echoServer(String secret, long timeoutMs) {
        return net.server(serverLoop, EchoSessions.echoServer(handshakes(secret, 1, timeoutMs)::forServer, server));
    }

    private EchoSessions.Client client(NetServer target, String secret) {
        return client(target, secret, TIMEOUT_MS);
    }

    private EchoSessions.Client client(NetServer target, String secret, long timeoutMs) {
        return EchoSessions.Client.open(net, clientLoop, target, handshakes(secret, 2, timeoutMs).forClient());
    }

    private static void awaitClosed(Connection c) {
        Poll.until(c + " to close", WAIT, () -> !c.isOpen());
    }

    @Test
    void theRightSecretOnBothSidesAuthenticatesAndThenControlFramesFlow() {
        NetServer target = echoServer(SECRET);
        EchoSessions.Client client = client(target, SECRET).awaitAuthenticated();
        client.assertEchoes("hello after the handshake");
        client.assertEchoes(new byte[200_000]); // past the handshake the configured maximum applies again, both ways
        assertEquals(1, server.authenticated.get());
        assertTrue(client.connection().isOpen());
    }

    @Test
    void aClientWithTheWrongSecretIsRefusedByTheServer() {
        NetServer target = echoServer(SECRET);
        EchoSessions.Client client = client(target, "not the secret");
        String reason = server.nextReason();
        assertTrue(reason.contains("authentication failed: the client's proof does not match"), reason);
        awaitClosed(client.connection());
        assertFalse(client.isAuthenticated());
        assertEquals(0, server.authenticated.get());
        String clientReason = client.recorder().nextReason(); // the server only closed: the client's handshake explains it
        assertTrue(clientReason.contains("authentication failed: the server closed the connection on this side's proof"),
                clientReason);
        assertEquals(List.of(clientReason), List.copyOf(client.recorder().authenticationFailures));
        assertEquals(List.of(reason), List.copyOf(server.authenticationFailures));
    }

    @Test
    void aServerWithTheWrongSecretIsRefusedBothWays() {
        NetServer target = echoServer("not the secret");
        EchoSessions.Client client = client(target, SECRET);
        String reason = server.nextReason(); // the server checks first: it proves nothing to an unproven client
        assertTrue(reason.contains("the client's proof does not match"), reason);
        awaitClosed(client.connection());
        assertFalse(client.isAuthenticated());
        assertEquals(0, server.authenticated.get());
    }

    @Test
    void aServerThatSkipsTheCheckAndProvesWithTheWrongSecretIsRefusedByTheClient() {
        Proofs wrong = new Proofs("not the secret".getBytes(StandardCharsets.UTF_8));
        byte[] serverNonce = new byte[32];
        new Random(3).nextBytes(serverNonce);
        NetServer fake = fakeServer(serverNonce, proof -> new AuthMessage.ServerProof(wrong.server(serverNonce, proof.clientNonce())));
        EchoSessions.Client client = client(fake, SECRET);
        String reason = client.recorder().nextReason();
        assertTrue(reason.contains("authentication failed: the server's proof does not match"), reason);
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aServerThatReflectsTheClientsOwnProofIsRefused() {
        byte[] serverNonce = new byte[32];
        new Random(4).nextBytes(serverNonce);
        NetServer fake = fakeServer(serverNonce, proof -> new AuthMessage.ServerProof(proof.mac()));
        EchoSessions.Client client = client(fake, SECRET);
        String reason = client.recorder().nextReason();
        assertTrue(reason.contains("the server's proof does not match"), reason);
        assertFalse(client.isAuthenticated());
    }

    /**
     * A server that sends {@code serverNonce} as its challenge and answers the client's proof with
     * whatever {@code answer} makes of it, without checking anything.
     */
    private NetServer fakeServer(byte[] serverNonce, java.util.function.Function<AuthMessage.ClientProof, AuthMessage> answer) {
        return net.server(serverLoop, () -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                connection.sendPayload(AuthCodec.encode(new AuthMessage.Challenge(serverNonce)));
            }

            @Override
            public void onFrame(Connection connection, byte[] payload) {
                AuthMessage m = AuthCodec.decode(payload);
                connection.sendPayload(AuthCodec.encode(answer.apply((AuthMessage.ClientProof) m)));
            }
        });
    }

    @Test
    void aClientWithoutTheSecretIsRefused() {
        NetServer target = echoServer(SECRET);
        EchoSessions.Client client = client(target, null); // no handshake: it sends CONTROL at once
        client.connection().sendPayload(EchoSessions.control("let me in"));
        String reason = server.nextReason();
        assertTrue(reason.contains("the client does not authenticate") || reason.contains("closed by the peer"), reason);
        awaitClosed(client.connection());
        String clientReason = client.recorder().nextReason(); // the challenge came first, whoever closed first
        assertTrue(clientReason.contains(NO_SECRET_HERE), clientReason);
        assertEquals(0, server.authenticated.get());
        assertTrue(client.controlFrames().isEmpty(), "nothing was echoed");
    }

    private static final String NO_SECRET_HERE = "authentication failed: the peer requires authentication"
            + " (gearpump.cluster.secret) but this side has no secret: it sent a handshake frame";

    @Test
    void aClientWithoutTheSecretNamesTheCauseAtTheServersChallenge() {
        NetServer target = echoServer(SECRET);
        EchoSessions.Client client = client(target, null); // sends nothing: only the server's challenge can end this

        String clientReason = client.recorder().nextReason();
        assertEquals(NO_SECRET_HERE, clientReason, "the first exchange says it, without the connection's framing");
        assertEquals(List.of(clientReason), List.copyOf(client.recorder().authenticationFailures), "told as such");
        assertEquals("closed by the peer", server.nextReason());
        assertTrue(server.authenticationFailures.isEmpty(), "the server cannot tell a client that left from one without a secret");
        assertEquals(0, server.authenticated.get());
    }

    @Test
    void aServerWithTheSecretNamesTheCauseWhenTheClientSendsAnythingButItsProof() {
        NetServer target = echoServer(SECRET);
        try (RawPeer peer = new RawPeer(target.address())) {
            assertInstanceOf(AuthMessage.Challenge.class, AuthCodec.decode(peer.readFrame(WAIT)));
            peer.sendFrame(EchoSessions.control("as a client without a secret does"));
            peer.awaitClosedByServer(WAIT); // nothing is echoed or answered: only the close
        }
        String reason = server.nextReason();
        assertEquals("authentication failed: this side requires authentication (gearpump.cluster.secret) but the client"
                + " does not authenticate: it sent a CONTROL frame instead of its proof (is gearpump.cluster.secret set on"
                + " the client?)", reason);
        assertEquals(List.of(reason), List.copyOf(server.authenticationFailures));
        assertEquals(0, server.authenticated.get());
    }

    @Test
    void aClientWithTheSecretRefusesAServerWithout() {
        // a server without a secret that greets every connection with a CONTROL frame
        NetServer target = net.server(serverLoop, () -> new Session(Session.NO_HANDSHAKE, Map.of(), new Session.Listener() {
            @Override
            public void onAuthenticated(Connection connection) {
                connection.sendPayload(EchoSessions.control("welcome"));
            }
        }));
        EchoSessions.Client client = client(target, SECRET);
        String reason = client.recorder().nextReason();
        assertEquals("authentication failed: this side has a gearpump.cluster.secret but the server does not"
                + " authenticate: it sent a CONTROL frame instead of a challenge (is gearpump.cluster.secret set on the"
                + " server?)", reason, "the first frame says it: a server with the secret sends its challenge first");
        assertEquals(List.of(reason), List.copyOf(client.recorder().authenticationFailures));
        assertTrue(client.controlFrames().isEmpty());
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aServerThatChallengesAndThenSendsOtherFramesIsRefusedWithoutBlamingAMissingSecret() {
        byte[] serverNonce = new byte[32];
        NetServer odd = net.server(serverLoop, () -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                connection.sendPayload(AuthCodec.encode(new AuthMessage.Challenge(serverNonce)));
            }

            @Override
            public void onFrame(Connection connection, byte[] payload) {
                connection.sendPayload(EchoSessions.control("no proof, talk instead"));
            }
        });
        EchoSessions.Client client = client(odd, SECRET);
        String reason = client.recorder().nextReason();
        assertEquals("authentication failed: a CONTROL frame came while waiting for the server's proof", reason);
        assertTrue(client.controlFrames().isEmpty());
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aNonAuthFrameBeforeTheHandshakeIsRefused() {
        NetServer target = echoServer(SECRET);
        try (RawPeer peer = new RawPeer(target.address())) {
            assertInstanceOf(AuthMessage.Challenge.class, AuthCodec.decode(peer.readFrame(WAIT)));
            peer.sendFrame(EchoSessions.control("no handshake"));
            peer.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("authentication failed: this side requires authentication"), reason);
        assertEquals(0, server.authenticated.get());
    }

    @Test
    void garbageInAnAuthFrameIsRefused() {
        NetServer target = echoServer(SECRET);
        try (RawPeer peer = new RawPeer(target.address())) {
            peer.sendFrame(new byte[] {FrameKind.AUTH, 0x55, 0x13, 0x77});
            peer.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("authentication failed: bad handshake frame of 4 bytes"), reason);
    }

    @Test
    void aFrameAboveThePreAuthenticationLimitIsRefusedFromItsHeader() {
        NetServer target = echoServer(SECRET); // the configured maximum is 1 MiB
        try (RawPeer peer = new RawPeer(target.address())) {
            peer.write(new byte[] {0, 0, 0x13, (byte) 0x89}); // 5001: only the header is sent
            peer.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("frame length 5001 is outside 0.." + HmacHandshake.PRE_AUTH_MAX_FRAME_BYTES
                + " (" + HmacHandshake.PRE_AUTH_LIMIT + ")"), reason);
    }

    /** What a client that does the handshake by hand saw. */
    private record Transcript(byte[] challenge, byte[] clientProof, byte[] serverProof) {
    }

    /** Authenticates by hand over a raw socket, checks the server's proof and an echo. */
    private static Transcript handshakeByHand(NetServer target, Proofs proofs, long seed) {
        try (RawPeer peer = new RawPeer(target.address())) {
            byte[] challenge = peer.readFrame(WAIT);
            byte[] serverNonce = assertInstanceOf(AuthMessage.Challenge.class, AuthCodec.decode(challenge)).serverNonce();
            byte[] clientNonce = new byte[32];
            new Random(seed).nextBytes(clientNonce);
            byte[] clientProof = AuthCodec.encode(new AuthMessage.ClientProof(clientNonce, proofs.client(serverNonce, clientNonce)));
            peer.sendFrame(clientProof);
            byte[] serverProof = peer.readFrame(WAIT);
            assertArrayEquals(proofs.server(serverNonce, clientNonce),
                    assertInstanceOf(AuthMessage.ServerProof.class, AuthCodec.decode(serverProof)).mac());
            byte[] hello = EchoSessions.control("by hand");
            peer.sendFrame(hello);
            assertArrayEquals(hello, peer.readFrame(WAIT));
            return new Transcript(challenge, clientProof, serverProof);
        }
    }

    @Test
    void aClientProofReplayedFromAnEarlierHandshakeIsRefused() {
        NetServer target = echoServer(SECRET);
        Transcript earlier = handshakeByHand(target, new Proofs(SECRET.getBytes(StandardCharsets.UTF_8)), 5);
        assertEquals("closed by the peer", server.nextReason());
        try (RawPeer replayer = new RawPeer(target.address())) {
            byte[] challenge = replayer.readFrame(WAIT);
            assertFalse(java.util.Arrays.equals(earlier.challenge(), challenge), "every handshake has a fresh nonce");
            replayer.sendFrame(earlier.clientProof());
            replayer.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("the client's proof does not match"), reason);
        assertEquals(1, server.authenticated.get(), "only the honest handshake");
    }

    @Test
    void aServerProofReplayedFromAnEarlierHandshakeIsRefusedByTheClient() {
        NetServer real = echoServer(SECRET);
        Transcript earlier = handshakeByHand(real, new Proofs(SECRET.getBytes(StandardCharsets.UTF_8)), 6);
        // an impostor replays the whole server side of that handshake, same challenge included
        NetServer impostor = net.server(serverLoop, () -> new ConnectionHandler() {
            @Override
            public void onOpen(Connection connection) {
                connection.sendPayload(earlier.challenge());
            }

            @Override
            public void onFrame(Connection connection, byte[] payload) {
                connection.sendPayload(earlier.serverProof());
            }
        });
        EchoSessions.Client client = client(impostor, SECRET);
        String reason = client.recorder().nextReason();
        assertTrue(reason.contains("the server's proof does not match"), reason);
        assertFalse(client.isAuthenticated());
    }

    @Test
    void aClientThatSendsTheServersNonceBackIsRefused() {
        NetServer target = echoServer(SECRET);
        try (RawPeer peer = new RawPeer(target.address())) {
            byte[] serverNonce = ((AuthMessage.Challenge) AuthCodec.decode(peer.readFrame(WAIT))).serverNonce();
            peer.sendFrame(AuthCodec.encode(new AuthMessage.ClientProof(serverNonce, new byte[32])));
            peer.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("our own nonce"), reason);
    }

    @Test
    void aPeerThatNeverAnswersIsDisconnectedAfterTheTimeout() {
        NetServer target = echoServer(SECRET, 300);
        try (RawPeer silent = new RawPeer(target.address())) {
            assertInstanceOf(AuthMessage.Challenge.class, AuthCodec.decode(silent.readFrame(WAIT)));
            silent.awaitClosedByServer(WAIT);
        }
        String reason = server.nextReason();
        assertTrue(reason.contains("authentication did not finish within 300 ms (waiting for the client's proof)"), reason);
        assertTrue(server.authenticationFailures.isEmpty(), "a slow peer is not told apart from one without a secret");
    }

    @Test
    void aClientWhoseServerNeverChallengesGivesUpAfterTheTimeout() {
        NetServer silent = net.server(serverLoop, () -> (connection, payload) -> {
        });
        EchoSessions.Client client = client(silent, SECRET, 300);
        String reason = client.recorder().nextReason();
        assertTrue(reason.contains("did not finish within 300 ms (waiting for the server's challenge;"
                + " is gearpump.cluster.secret set on the server too?)"), reason);
        assertTrue(client.recorder().authenticationFailures.isEmpty(), "a silent server may be a slow one");
    }

    @Test
    void aFinishedHandshakeIsNotCutByItsTimeout() throws Exception {
        NetServer target = echoServer(SECRET, 200);
        EchoSessions.Client client = client(target, SECRET, 200).awaitAuthenticated();
        // the loop runs timers in deadline order: once this later one has run, both handshake timeouts are past
        CompletableFuture<Boolean> openAfterTimeouts = new CompletableFuture<>();
        client.connection().loop().schedule(400, () -> openAfterTimeouts.complete(client.connection().isOpen()));
        assertTrue(openAfterTimeouts.get(10, TimeUnit.SECONDS));
        client.assertEchoes("still here");
        assertEquals(0, server.closed.get(), "the server did not close it either: " + server.reasonsSoFar());
    }

    @Test
    void noncesComeFromTheInjectedRandomAndAreFreshPerConnection() {
        NetServer target = echoServer(SECRET); // the server's random is seeded with 1
        Random expected = new Random(1);
        for (int i = 0; i < 3; i++) {
            byte[] nonce = new byte[32];
            expected.nextBytes(nonce);
            try (RawPeer peer = new RawPeer(target.address())) {
                assertArrayEquals(nonce, ((AuthMessage.Challenge) AuthCodec.decode(peer.readFrame(WAIT))).serverNonce(),
                        "challenge " + i);
            }
            server.nextReason(); // this connection is gone before the next one takes a nonce
        }
    }

    @Test
    void theFactoryPicksNoHandshakeWithoutASecretAndAFreshHmacOneWithIt() {
        Handshakes none = Handshakes.fromConfig(GearConfig.defaults());
        assertFalse(none.authenticates());
        assertSame(Session.NO_HANDSHAKE, none.forServer());
        assertSame(Session.NO_HANDSHAKE, none.forClient());
        assertSame(Session.NO_HANDSHAKE, Handshakes.none().forServer());

        Handshakes hmac = Handshakes.fromConfig(GearConfig.defaults().with("gearpump.cluster.secret", SECRET));
        assertTrue(hmac.authenticates());
        Supplier<Session.Handshake> servers = hmac::forServer;
        assertEquals(HmacHandshake.Role.SERVER, assertInstanceOf(HmacHandshake.class, servers.get()).role());
        assertEquals(HmacHandshake.Role.CLIENT, assertInstanceOf(HmacHandshake.class, hmac.forClient()).role());
        assertNotSame(servers.get(), servers.get(), "one handshake per connection");
        assertFalse(hmac.toString().contains(SECRET));
        assertFalse(servers.get().toString().contains(SECRET));
    }
}
