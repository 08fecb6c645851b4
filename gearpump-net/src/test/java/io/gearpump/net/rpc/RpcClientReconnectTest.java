package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;
import io.gearpump.net.rpc.TestMessages.Echo;
import io.gearpump.net.rpc.TestMessages.Slow;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The client keeps its connection: it re-dials with backoff after losing it, and says so while it has none. */
@Timeout(60)
class RpcClientReconnectTest {

    /** What a client shows at one moment: what a wait on it looks at, and says when it times out. */
    private record Seen(RpcClient.State state, long connects, String lastFailure) {
        static Seen of(RpcClient client) {
            return new Seen(client.state(), client.connects(), client.lastFailure());
        }
    }

    private static Throwable failure(CompletableFuture<Object> future) {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(15, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void reconnectsAfterTheServerClosesItsSideOfTheConnection() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient client = peers.connectedClient(server);
            CompletableFuture<Object> inFlight = client.request(new Slow("cut off"));
            // the server has read the request when it closes, so it closes with nothing unread: no reset the client
            // could meet as a failed write
            Poll.until("the server to hold the request", peers.slowArrived::get, n -> n == 1);

            RpcPeers.serverSide(server).close("killed by the test");

            ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, failure(inFlight));
            assertTrue(lost.reason().equals("closed by the peer") || lost.reason().startsWith("read failed"), lost.reason());
            Poll.until("a second connection", () -> Seen.of(client),
                    seen -> seen.connects() == 2 && seen.state() == RpcClient.State.CONNECTED);
            assertEquals("echo:again", client.request(new Echo("again")).get(15, TimeUnit.SECONDS));
            assertEquals(2, client.dials());
        }
    }

    @Test
    void whileTheServerIsDownRequestsFailFastAndTheClientKeepsDialing() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer first = peers.server(RpcPeers.SETTINGS);
            int port = first.port();
            RpcClient client = peers.connectedClient(first);

            first.close();
            Poll.until("the client to notice", client::state, state -> state != RpcClient.State.CONNECTED);
            long dialsBefore = client.dials();
            Poll.until("three dials refused", client::dials, dials -> dials >= dialsBefore + 3);

            CompletableFuture<Object> refused = client.request(new Echo("anyone?"));
            assertTrue(refused.isDone(), "fails at once, does not wait");
            NotConnectedException e = assertInstanceOf(NotConnectedException.class, failure(refused));
            assertTrue(e.getMessage().contains("not connected to " + client.address()), e.getMessage());
            assertTrue(e.getMessage().contains(TestMessages.Echo.class.getName()), e.getMessage());
            assertTrue(client.lastFailure().startsWith("cannot connect"), client.lastFailure());

            peers.server(RpcPeers.SETTINGS, port); // back on the same port
            assertTrue(client.awaitConnected(Poll.TIMEOUT), client.lastFailure());
            assertEquals("echo:back", client.request(new Echo("back")).get(15, TimeUnit.SECONDS));
            assertEquals(2, client.connects());
        }
    }

    @Test
    void closingTheClientFailsWhatIsPendingAndStopsDialing() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient client = peers.connectedClient(server);
            CompletableFuture<Object> inFlight = client.request(new Slow("interrupted"));

            client.close();

            ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, failure(inFlight));
            assertEquals("client closed", lost.reason());
            assertEquals(RpcClient.State.CLOSED, client.state());
            assertInstanceOf(NotConnectedException.class, failure(client.request(new Echo("late"))));
            Poll.until("the server to drop the connection", server::endpoints, List::isEmpty);
            assertEquals(1, client.dials());
        }
    }

    @Test
    void awaitDialOutcomeSaysAtOnceWhenADialFailsAndDoesNotWaitThroughBackoff() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            int port = server.port();
            server.close();
            RpcClient refused = peers.client(RpcPeers.loopback(port), RpcPeers.SETTINGS
                    .withReconnect(java.time.Duration.ofSeconds(30), java.time.Duration.ofSeconds(30)), RequestHandler.NONE);

            long start = System.nanoTime();
            assertTrue(!refused.awaitDialOutcome(Poll.TIMEOUT), "no connection");
            assertTrue(!refused.awaitDialOutcome(Poll.TIMEOUT), "still none, and no wait for the next dial in 30 s");
            assertTrue(System.nanoTime() - start < Poll.TIMEOUT.toNanos(), "answered before the wait was over");
            // the outcome is told before the state moves on
            Poll.until("the client to back off", refused::state, state -> state == RpcClient.State.BACKING_OFF);
            assertEquals(1, refused.dials(), "no second dial during the 30 s backoff");

            RpcClient open = peers.client(peers.server(RpcPeers.SETTINGS).address(), RpcPeers.SETTINGS, RequestHandler.NONE);
            assertTrue(open.awaitDialOutcome(Poll.TIMEOUT), open.lastFailure());
            assertEquals("echo:up", open.request(new Echo("up")).get(15, TimeUnit.SECONDS));
        }
    }
}
