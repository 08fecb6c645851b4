package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.serialization.UnregisteredTypeException;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.testing.Poll;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.rpc.TestMessages.AnswerUnregistered;
import io.gearpump.net.rpc.TestMessages.Boom;
import io.gearpump.net.rpc.TestMessages.Echo;
import io.gearpump.net.rpc.TestMessages.Later;
import io.gearpump.net.rpc.TestMessages.Miscounted;
import io.gearpump.net.rpc.TestMessages.Refuse;
import io.gearpump.net.rpc.TestMessages.Slow;
import io.gearpump.net.rpc.TestMessages.Unregistered;

import java.io.DataOutputStream;
import java.io.InputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Requests and answers over real loopback sockets: correlation, timeouts and typed errors. */
@Timeout(60)
class RpcEndpointTest {

    private static final long WAIT_SECONDS = 15;

    private static Object answer(CompletableFuture<Object> future) throws Exception {
        return future.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    /** The exception a future failed with. */
    private static Throwable failure(CompletableFuture<Object> future) throws Exception {
        ExecutionException e = assertThrows(ExecutionException.class, () -> future.get(WAIT_SECONDS, TimeUnit.SECONDS));
        return e.getCause();
    }

    @Test
    void concurrentRequestsFromManyThreadsEachGetTheirOwnAnswer() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient client = peers.connectedClient(server);
            int threads = 8;
            int perThread = 250;
            List<Thread> senders = new ArrayList<>();
            List<List<CompletableFuture<Object>>> sent = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                List<CompletableFuture<Object>> mine = new ArrayList<>();
                sent.add(mine);
                int thread = t;
                senders.add(Thread.ofPlatform().name("sender-" + t).start(() -> {
                    for (int i = 0; i < perThread; i++) {
                        mine.add(client.request(new Echo(thread + "/" + i)));
                    }
                }));
            }
            for (Thread sender : senders) {
                sender.join(TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                assertFalse(sender.isAlive(), sender + " did not finish sending");
            }
            for (int t = 0; t < threads; t++) {
                assertEquals(perThread, sent.get(t).size());
                for (int i = 0; i < perThread; i++) {
                    assertEquals("echo:" + t + "/" + i, answer(sent.get(t).get(i)), "answer to request " + i + " of thread " + t);
                }
            }
            assertEquals(1, client.connects(), "all over one connection");
            assertEquals(1, server.endpoints().size());
            assertEquals(0, client.endpoint().pendingRequests(), "answered calls are forgotten");
        }
    }

    /**
     * Busy application tasks (virtual threads that never wait) hold every carrier: requests are still
     * answered, as heartbeats must be, because the control plane's work runs on platform threads.
     */
    @Test
    void requestsAreAnsweredWhileBusyVirtualThreadsHoldEveryCarrier() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));
            AtomicBoolean stop = new AtomicBoolean();
            List<Thread> busy = new ArrayList<>();
            try {
                for (int i = 0; i < 4 * Runtime.getRuntime().availableProcessors(); i++) { // more than there are carriers
                    busy.add(Thread.ofVirtual().start(() -> {
                        while (!stop.get()) {
                            Thread.onSpinWait();
                        }
                    }));
                }
                assertEquals("echo:busy", answer(client.request(new Echo("busy"))));
            } finally {
                stop.set(true);
                for (Thread t : busy) {
                    t.join();
                }
            }
        }
    }

    @Test
    void aSlowHandlerDoesNotHoldUpAFastOne() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            CompletableFuture<Object> slow = client.request(new Slow("s"));
            assertEquals("echo:fast", answer(client.request(new Echo("fast"))));
            assertFalse(slow.isDone(), "the slow request waits for its gate");
            assertEquals(1, client.endpoint().pendingRequests());

            peers.slowGate.countDown();
            assertEquals("slow:s", answer(slow));
        }
    }

    @Test
    void aRequestWithoutAnAnswerInTimeFailsNamingItsTypeAndTimeout() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            long start = System.nanoTime();
            CompletableFuture<Object> slow = client.request(new Slow("never in time"), Duration.ofMillis(100));
            RequestTimeoutException e = assertInstanceOf(RequestTimeoutException.class, failure(slow));
            long elapsedMs = (System.nanoTime() - start) / 1_000_000;

            assertTrue(elapsedMs >= 100, "failed after " + elapsedMs + " ms, before its timeout");
            assertTrue(e.getMessage().contains(Slow.class.getName()), e.getMessage());
            assertTrue(e.getMessage().contains("100 ms"), e.getMessage());
            assertEquals(Duration.ofMillis(100), e.timeout());
            assertEquals(0, client.endpoint().pendingRequests());

            peers.slowGate.countDown(); // the late answer is dropped; the connection goes on serving
            assertEquals("echo:after", answer(client.request(new Echo("after"))));
            assertEquals(1, client.connects());
        }
    }

    @Test
    void aHandlerExceptionComesBackAsARemoteExceptionAndTheConnectionKeepsServing() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient client = peers.connectedClient(server);
            RpcEndpoint serverSide = RpcPeers.serverSide(server);

            RemoteException e = assertInstanceOf(RemoteException.class, failure(client.request(new Boom("disk full at 42"))));

            assertEquals(RpcErrorCode.HANDLER_FAILED, e.code());
            assertEquals("java.lang.IllegalStateException: disk full at 42", e.remoteMessage());
            assertTrue(e.getMessage().contains(Boom.class.getName()), e.getMessage());
            assertEquals("echo:next", answer(client.request(new Echo("next"))));
            assertSame(serverSide, RpcPeers.serverSide(server), "same connection");
            assertEquals(1, client.connects());
        }
    }

    @Test
    void aRefusalArrivesAsTheHandlersOwnExceptionWithItsCodeAndTheConnectionKeepsServing() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            CompletableFuture<String> refused = client.call(new Refuse(ClusterError.UNKNOWN_APP, "unknown application id 7"),
                    Duration.ofSeconds(WAIT_SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> refused.get(WAIT_SECONDS, TimeUnit.SECONDS));

            ClusterException c = assertInstanceOf(ClusterException.class, e.getCause());
            assertEquals(ClusterError.UNKNOWN_APP, c.error());
            assertEquals("unknown application id 7", c.getMessage(), "the handler's words, without a class name");
            String echoed = client.call(new Echo("typed"), Duration.ofSeconds(WAIT_SECONDS)).get(WAIT_SECONDS, TimeUnit.SECONDS);
            assertEquals("echo:typed", echoed, "a typed call answers with its reply type");
            assertEquals(1, client.connects());
        }
    }

    @Test
    void anAnswerOfAnotherTypeThanTheRequestNamesFailsNamingBoth() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            CompletableFuture<Integer> answer = client.call(new Miscounted("x"), Duration.ofSeconds(WAIT_SECONDS));
            ExecutionException e = assertThrows(ExecutionException.class, () -> answer.get(WAIT_SECONDS, TimeUnit.SECONDS));

            assertInstanceOf(IllegalStateException.class, e.getCause());
            assertEquals("the answer to Miscounted is String, not Integer", e.getCause().getMessage());
        }
    }

    @Test
    void aBodyOfAnUnregisteredClassIsRefusedBeforeAnythingIsSent() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            UnregisteredTypeException e = assertThrows(UnregisteredTypeException.class,
                    () -> client.request(new Unregistered(7)));

            assertTrue(e.getMessage().contains(Unregistered.class.getName()), e.getMessage());
            assertEquals(0, client.endpoint().pendingRequests());
            assertEquals("echo:still fine", answer(client.request(new Echo("still fine"))));
        }
    }

    @Test
    void anAnswerThatCannotBeEncodedComesBackAsAnError() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            RemoteException e = assertInstanceOf(RemoteException.class, failure(client.request(new AnswerUnregistered())));

            assertEquals(RpcErrorCode.RESPONSE_NOT_ENCODABLE, e.code());
            assertTrue(e.remoteMessage().contains(Unregistered.class.getName()), e.remoteMessage());
            assertEquals("echo:ok", answer(client.request(new Echo("ok"))));
        }
    }

    @Test
    void aHandlerMayAnswerLaterThroughAFuture() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcClient client = peers.connectedClient(peers.server(RpcPeers.SETTINGS));

            assertEquals("later:x", answer(client.request(new Later("x"))));
        }
    }

    @Test
    void theServerCanSendRequestsToAClientThatServesThem() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient serving = peers.client(server.address(), RpcPeers.SETTINGS, request -> "client got " + request);
            assertTrue(serving.awaitConnected(Poll.TIMEOUT));

            Object answer = answer(RpcPeers.serverSide(server).request(new Echo("hi")));

            assertEquals("client got " + new Echo("hi"), answer);
        }
    }

    @Test
    void aClientWithoutAHandlerAnswersWithNoHandler() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            peers.connectedClient(server);

            RemoteException e = assertInstanceOf(RemoteException.class,
                    failure(RpcPeers.serverSide(server).request(new Echo("anyone?"))));

            assertEquals(RpcErrorCode.NO_HANDLER, e.code());
            assertTrue(e.remoteMessage().contains(Echo.class.getName()), e.remoteMessage());
        }
    }

    @Test
    void aControlFrameThatDoesNotDecodeClosesOnlyThatConnection() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcServer server = peers.server(RpcPeers.SETTINGS);
            RpcClient client = peers.connectedClient(server);
            byte[][] badPayloads = {
                    {FrameKind.CONTROL, 0x7f, 0x01}, // registration id 125: nobody's
                    control(new WireCodec(TestMessages.registry(), 1024).encode("a String, not an RPC message")),
                    {FrameKind.CONTROL, 102 + 2, 1, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07}, // a failure claiming 2 GB of text
            };
            for (byte[] payload : badPayloads) {
                try (Socket raw = new Socket(server.address().getAddress(), server.port())) {
                    raw.setSoTimeout((int) TimeUnit.SECONDS.toMillis(WAIT_SECONDS));
                    DataOutputStream out = new DataOutputStream(raw.getOutputStream());
                    out.writeInt(payload.length);
                    out.write(payload);
                    out.flush();
                    assertTrue(readsToEnd(raw.getInputStream()), "the server closes the connection that sent bad bytes");
                }
                assertEquals("echo:unharmed", answer(client.request(new Echo("unharmed"))));
            }
            assertEquals(1, client.connects());
        }
    }

    @Test
    void anEndpointThatIsNotOpenRefusesRequests() throws Exception {
        try (RpcPeers peers = new RpcPeers()) {
            RpcEndpoint endpoint = new RpcEndpoint(peers.codec, RpcPeers.SETTINGS, RequestHandler.NONE);

            assertInstanceOf(NotConnectedException.class, failure(endpoint.request(new Echo("x"))));
            assertThrows(IllegalArgumentException.class, () -> endpoint.request(new Echo("x"), Duration.ZERO));
        }
    }

    private static byte[] control(byte[] encoded) {
        byte[] payload = new byte[1 + encoded.length];
        payload[0] = FrameKind.CONTROL;
        System.arraycopy(encoded, 0, payload, 1, encoded.length);
        return payload;
    }

    /** Reads (and drops) what comes until the peer closes: true at end of stream. */
    private static boolean readsToEnd(InputStream in) throws Exception {
        byte[] buffer = new byte[256];
        while (true) {
            if (in.read(buffer) < 0) {
                return true;
            }
        }
    }
}
