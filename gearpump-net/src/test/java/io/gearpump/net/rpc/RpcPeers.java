package io.gearpump.net.rpc;

import io.gearpump.core.testing.Poll;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.protocol.Session;

import java.io.IOException;
import java.net.BindException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Random;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Servers and clients on loopback for one test, all closed (newest first, then the loops) by
 * {@link #close}, whatever the test did. {@link #slowGate} holds {@link TestMessages.Slow} requests
 * until the test opens it, or until close; {@link #slowArrived} counts those that reached a server.
 */
final class RpcPeers implements AutoCloseable {

    static final RpcSettings SETTINGS = RpcSettings.defaults()
            .withRequestTimeout(Duration.ofSeconds(10))
            .withReconnect(Duration.ofMillis(20), Duration.ofMillis(200));

    final EventLoopGroup group = new EventLoopGroup("rpc-test", 2, 1 << 20);
    final RpcCodec codec = new RpcCodec(TestMessages.registry(), 1 << 20);
    final CountDownLatch slowGate = new CountDownLatch(1);
    final AtomicInteger slowArrived = new AtomicInteger();
    private final Deque<AutoCloseable> resources = new ArrayDeque<>();

    static InetSocketAddress loopback(int port) {
        return new InetSocketAddress(InetAddress.getLoopbackAddress(), port);
    }

    RpcServer server(RpcSettings settings) {
        return server(settings, 0);
    }

    /** A server of the test messages on {@code port}; tries again for a while when the port is still held by a closed one. */
    RpcServer server(RpcSettings settings, int port) {
        return track(Poll.until("port " + port + " to be free for a server", () -> bind(settings, port),
                attempt -> attempt.server() != null).server());
    }

    /** One try at binding a server: the server, or why the port was not free. */
    private record Bind(RpcServer server, IOException refused) {
        @Override
        public String toString() {
            return server != null ? server.toString() : "refused: " + refused.getCause();
        }
    }

    private Bind bind(RpcSettings settings, int port) throws IOException {
        try {
            return new Bind(RpcServer.bind(group, loopback(port), codec, settings, () -> Session.NO_HANDSHAKE,
                    endpoint -> TestMessages.handler(slowGate, slowArrived)), null);
        } catch (IOException e) {
            if (!(e.getCause() instanceof BindException)) {
                throw e;
            }
            return new Bind(null, e);
        }
    }

    /** A started client of {@code address} with a seeded jitter. */
    RpcClient client(InetSocketAddress address, RpcSettings settings, RequestHandler handler) {
        return track(new RpcClient(group, address, codec, settings, () -> Session.NO_HANDSHAKE, handler, new Random(42)))
                .start();
    }

    RpcClient connectedClient(RpcServer server) throws InterruptedException {
        RpcClient client = client(server.address(), SETTINGS, RequestHandler.NONE);
        if (!client.awaitConnected(Poll.TIMEOUT)) {
            throw new AssertionError("client did not connect to " + server.address() + ": " + client.lastFailure());
        }
        return client;
    }

    /** The server's end of its only connection, once the server has it. */
    static RpcEndpoint serverSide(RpcServer server) {
        return Poll.until("the server to see one connection", server::endpoints, endpoints -> endpoints.size() == 1).get(0);
    }

    <T extends AutoCloseable> T track(T resource) {
        resources.push(resource);
        return resource;
    }

    @Override
    public void close() throws Exception {
        slowGate.countDown();
        Exception first = null;
        while (!resources.isEmpty()) {
            try {
                resources.pop().close();
            } catch (Exception e) {
                first = first == null ? e : first;
            }
        }
        group.close();
        if (first != null) {
            throw first;
        }
    }
}
