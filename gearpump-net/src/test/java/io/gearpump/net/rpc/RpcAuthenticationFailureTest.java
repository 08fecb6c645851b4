package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.auth.Handshakes;
import io.gearpump.net.rpc.TestMessages.Echo;

import java.io.IOException;
import java.time.Duration;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A cluster secret on one side only ends the connection at the first exchange, and the request
 * layer says so as a type ({@link NotAuthenticatedException}, {@link RpcClient#authenticationFailure}),
 * so a caller with other peers to try knows that waiting cannot help. A lost connection is not one.
 */
@Timeout(60)
class RpcAuthenticationFailureTest {

    private static final String NO_SECRET_HERE = "authentication failed: the peer requires authentication"
            + " (gearpump.cluster.secret) but this side has no secret: it sent a handshake frame";
    private static final String NO_SECRET_THERE = "authentication failed: this side has a gearpump.cluster.secret but"
            + " the server does not authenticate: it sent a CONTROL frame instead of a challenge (is"
            + " gearpump.cluster.secret set on the server?)";

    private static final Random SEEDS = new Random(7); // each side its own nonces: the same ones would be refused

    private static Handshakes handshakes(String secret) {
        GearConfig config = secret == null ? GearConfig.defaults()
                : GearConfig.defaults().with(GearConfig.CLUSTER_SECRET.name(), secret);
        return Handshakes.fromConfig(config, new Random(SEEDS.nextLong()), 5_000);
    }

    private static RpcServer server(RpcPeers peers, Handshakes handshakes, AtomicInteger served) throws IOException {
        return peers.track(RpcServer.bind(peers.group, RpcPeers.loopback(0), peers.codec, RpcPeers.SETTINGS,
                handshakes::forServer, endpoint -> request -> {
                    served.incrementAndGet();
                    return request;
                }));
    }

    private static RpcClient client(RpcPeers peers, RpcServer server, Handshakes handshakes) {
        return peers.track(new RpcClient(peers.group, server.address(), peers.codec, RpcPeers.SETTINGS,
                handshakes::forClient, RequestHandler.NONE, new Random(42))).start();
    }

    @Test
    void aRequestOfAClientWithoutASecretFailsAsNotAuthenticatedNamingTheCause() throws Exception {
        AtomicInteger served = new AtomicInteger();
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = server(peers, handshakes("s3cret"), served);
            RpcEndpoint endpoint = new RpcEndpoint(peers.codec, RpcPeers.SETTINGS, RequestHandler.NONE);
            // without a secret the session is open at once, so the request goes out (or finds it closed by the challenge)
            peers.group.connect(server.address(), endpoint.session(handshakes(null).forClient()), 5_000).get(10, TimeUnit.SECONDS);

            CompletableFuture<Object> request = endpoint.request(new Echo("let me in"));

            ExecutionException e = assertThrows(ExecutionException.class, () -> request.get(15, TimeUnit.SECONDS));
            NotAuthenticatedException refused = assertInstanceOf(NotAuthenticatedException.class, e.getCause());
            assertEquals(NO_SECRET_HERE, refused.reason());
            assertEquals(0, served.get(), "the server served nothing");
        }
    }

    @Test
    void aClientWithoutASecretKnowsAfterItsFirstConnectionThatTheServerRequiresOne() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = server(peers, handshakes("s3cret"), new AtomicInteger());
            RpcClient client = client(peers, server, handshakes(null));

            String why = Poll.until("the first connection to end", client::authenticationFailure, f -> f != null);

            assertEquals(NO_SECRET_HERE, why);
            assertEquals(NO_SECRET_HERE, client.lastFailure());
        }
    }

    @Test
    void aClientWithASecretKnowsAtItsFirstDialThatTheServerDoesNotAuthenticate() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = server(peers, handshakes(null), new AtomicInteger());
            RpcClient client = client(peers, server, handshakes("s3cret"));

            assertFalse(client.awaitDialOutcome(Duration.ofSeconds(10)), "the dial fails at the server's first frame");

            assertEquals(NO_SECRET_THERE, client.authenticationFailure());
        }
    }

    @Test
    void aLostConnectionIsNoAuthenticationFailure() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = server(peers, handshakes("s3cret"), new AtomicInteger());
            RpcClient client = client(peers, server, handshakes("s3cret"));
            assertTrue(client.awaitConnected(Poll.TIMEOUT), client.lastFailure());

            RpcPeers.serverSide(server).close("killed by the test");

            Poll.until("the client to connect again", client::connects, n -> n == 2);
            assertTrue(client.lastFailure().equals("closed by the peer") || client.lastFailure().startsWith("read failed"),
                    client.lastFailure());
            assertNull(client.authenticationFailure());
        }
    }
}
