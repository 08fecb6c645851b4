package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.NetServer;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.TestMessages.Echo;

import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Failure detection over real sockets, against peers that stop talking. */
@Timeout(60)
class HeartbeatTest {

    private static final Duration INTERVAL = Duration.ofMillis(50);
    private static final Duration TIMEOUT = Duration.ofMillis(400);
    private static final RpcSettings FAST_HEARTBEAT = RpcPeers.SETTINGS.withHeartbeat(INTERVAL, TIMEOUT)
            .withReconnect(Duration.ofSeconds(1), Duration.ofSeconds(1));

    @Test
    void aServerThatAcceptsButNeverAnswersIsDeclaredDeadAndPendingRequestsFail() throws Exception {
        Queue<Socket> accepted = new ConcurrentLinkedQueue<>();
        try (RpcPeers peers = new RpcPeers();
             ServerSocket mute = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread acceptor = Thread.ofVirtual().start(() -> acceptForever(mute, accepted));
            try {
                long start = System.nanoTime();
                RpcClient client = peers.client(RpcPeers.loopback(mute.getLocalPort()), FAST_HEARTBEAT, RequestHandler.NONE);
                assertTrue(client.awaitConnected(Poll.TIMEOUT), client.lastFailure());
                CompletableFuture<Object> pending = client.request(new Echo("anyone there?"), Duration.ofSeconds(30));

                ExecutionException e = assertThrows(ExecutionException.class, () -> pending.get(15, TimeUnit.SECONDS));
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;

                ConnectionLostException lost = assertInstanceOf(ConnectionLostException.class, e.getCause());
                assertTrue(lost.reason().startsWith("no heartbeat for "), lost.reason());
                assertTrue(lost.peer().contains(":" + mute.getLocalPort()), "names the peer: " + lost.getMessage());
                assertTrue(elapsedMs >= TIMEOUT.toMillis(), "declared dead after " + elapsedMs + " ms, before the timeout");
                Poll.until("the client to leave CONNECTED", client::state, state -> state != RpcClient.State.CONNECTED);
                assertTrue(client.lastFailure().startsWith("no heartbeat for "), client.lastFailure());
            } finally {
                acceptor.interrupt();
                mute.close();
                for (Socket s : accepted) {
                    s.close();
                }
            }
        }
    }

    @Test
    void aClientThatConnectsButNeverSpeaksIsDroppedByTheServer() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(FAST_HEARTBEAT);
            long start = System.nanoTime();
            try (Socket mute = new Socket(server.address().getAddress(), server.port())) {
                mute.setSoTimeout(15_000);
                RpcPeers.serverSide(server);

                drainUntilClosed(mute.getInputStream()); // the server's pings, then its close
                long elapsedMs = (System.nanoTime() - start) / 1_000_000;

                assertTrue(elapsedMs >= TIMEOUT.toMillis(), "dropped after " + elapsedMs + " ms, before the timeout");
                Poll.until("the server to forget the connection", server::endpoints, List::isEmpty);
            }
        }
    }

    @Test
    void anIdleButLivePeerStaysConnected() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            CompletableFuture<String> serverClosed = new CompletableFuture<>();
            CompletableFuture<String> clientClosed = new CompletableFuture<>();
            NetServer server = peers.track(NetServer.bind(peers.group, RpcPeers.loopback(0),
                    () -> new RpcEndpoint(peers.codec, FAST_HEARTBEAT, endpoint -> request -> "pong:" + request, closeInto(serverClosed))
                            .session(Session.NO_HANDSHAKE)));
            RpcEndpoint client = new RpcEndpoint(peers.codec, FAST_HEARTBEAT, endpoint -> RequestHandler.NONE, closeInto(clientClosed));
            Connection connection = peers.group.connect(server.address(), client.session(Session.NO_HANDSHAKE), 5_000)
                    .get(15, TimeUnit.SECONDS);
            try {
                // five heartbeat timeouts with nothing but heartbeats on the connection
                long quiet = 5 * TIMEOUT.toMillis();
                assertThrows(TimeoutException.class, () -> clientClosed.get(quiet, TimeUnit.MILLISECONDS),
                        () -> "closed: " + clientClosed.getNow(null));
                assertTrue(client.isOpen());
                assertFalse(serverClosed.isDone(), () -> "server closed: " + serverClosed.getNow(null));
                assertTrue(connection.bytesReceived() > 0 && client.hasHeardFromPeer());
                assertEquals("pong:" + new Echo("x"), client.request(new Echo("x")).get(15, TimeUnit.SECONDS));
            } finally {
                connection.close("test over");
            }
        }
    }

    private static Session.Listener closeInto(CompletableFuture<String> closed) {
        return new Session.Listener() {
            @Override
            public void onClose(Connection connection, String reason) {
                closed.complete(reason);
            }
        };
    }

    private static void acceptForever(ServerSocket server, Queue<Socket> accepted) {
        try {
            while (true) {
                accepted.add(server.accept()); // and never read from or write to it
            }
        } catch (java.io.IOException e) {
            // the test closed the server socket
        }
    }

    private static void drainUntilClosed(InputStream in) throws java.io.IOException {
        byte[] buffer = new byte[256];
        while (in.read(buffer) >= 0) {
            // the server's pings
        }
    }
}
