package io.gearpump.net.rpc;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.Request;

import io.gearpump.net.frame.FrameException;
import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoop;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;

import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The request/response layer on one connection, both ways: this side's requests to the peer, with
 * correlation ids, timeouts and typed errors, and the peer's requests to this side's handler. It is
 * the {@link Session}'s handler for CONTROL frames and its listener; it starts once the session is
 * authenticated and ends with the connection, failing every request still out with a
 * {@link ConnectionLostException}. It pings the peer every heartbeat interval and closes the
 * connection when nothing at all (of any frame kind) has arrived for the heartbeat timeout.
 *
 * <p>Threads: {@link #request} from any thread; frames, heartbeats and the lifecycle on the
 * connection's event loop; the request handler on virtual threads ({@link RequestRunner}). The
 * fields under "loop only" belong to the loop; {@code connection} and {@code heardFromPeer} are
 * written by the loop and read by any thread.
 */
public final class RpcEndpoint implements Peer, Session.KindHandler, Session.Listener {

    private static final Logger LOG = LoggerFactory.getLogger(RpcEndpoint.class);
    private static final Executor CALLBACKS = ControlThreads.EXECUTOR;
    private static final Session.Listener NO_LISTENER = new Session.Listener() {
    };

    private final RpcCodec codec;
    private final RpcSettings settings;
    private final Function<? super RpcEndpoint, ? extends RequestHandler> handlers;
    private final Session.Listener listener;
    private final PendingCalls calls = new PendingCalls(CALLBACKS);
    private volatile Connection connection;
    private volatile boolean heardFromPeer;
    // loop only:
    private boolean authenticationFailed;
    private RequestRunner requests;
    private HeartbeatMonitor heartbeat;
    private EventLoop.Timer heartbeatTimer;

    /**
     * @param handlers gives this connection's request handler; called once, on the event loop, when the
     *        connection is authenticated (so it must not block), with this endpoint, e.g. to remember
     *        which peer a later request came from
     * @param listener told after this endpoint when the connection is authenticated and when it
     *        closes, on the event loop
     */
    public RpcEndpoint(RpcCodec codec, RpcSettings settings, Function<? super RpcEndpoint, ? extends RequestHandler> handlers,
                       Session.Listener listener) {
        this.codec = Objects.requireNonNull(codec, "codec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handlers = Objects.requireNonNull(handlers, "handlers");
        this.listener = Objects.requireNonNull(listener, "listener");
    }

    public RpcEndpoint(RpcCodec codec, RpcSettings settings, RequestHandler handler) {
        this(codec, settings, endpoint -> handler, NO_LISTENER);
    }

    /** A session whose only traffic after the handshake is this endpoint's control frames. */
    public Session session(Session.Handshake handshake) {
        return session(handshake, Map.of());
    }

    /** A session carrying this endpoint's control frames and the frames of {@code otherKinds} (e.g. Raft). */
    public Session session(Session.Handshake handshake, Map<Byte, Session.KindHandler> otherKinds) {
        Map<Byte, Session.KindHandler> kinds = new java.util.HashMap<>(otherKinds);
        kinds.put(FrameKind.CONTROL, this);
        return new Session(handshake, Map.copyOf(kinds), this);
    }

    /** Sends {@code body} with the default timeout ({@code gearpump.net.request.timeout.ms}). */
    public CompletableFuture<Object> request(Object body) {
        return request(body, settings.requestTimeout());
    }

    /**
     * Sends {@code body} to the peer's request handler; from any thread. The future completes with
     * the response body, off the event loop, or fails with an {@link RpcException}:
     * {@link RemoteException}, {@link RequestTimeoutException}, {@link ConnectionLostException}, or
     * {@link NotConnectedException} before the connection is open.
     *
     * @throws io.gearpump.core.serialization.UnregisteredTypeException when {@code body}, or something
     *         in it, is of a class that is not registered for the wire (nothing is sent)
     * @throws IllegalArgumentException when the request does not fit in a frame, or the timeout is not positive
     */
    public CompletableFuture<Object> request(Object body, Duration timeout) {
        RpcSettings.positive("request timeout", timeout);
        Connection c = connection;
        if (c == null) {
            return CompletableFuture.failedFuture(new NotConnectedException("request " + RpcCodec.typeName(body)
                    + " not sent: the connection is not open yet"));
        }
        PendingCalls.Call call = calls.newCall(RpcCodec.typeName(body), timeout);
        var frame = codec.encode(new RpcMessage.Request(call.id, body));
        RuntimeException closed = calls.register(call);
        if (closed != null) {
            return CompletableFuture.failedFuture(closed);
        }
        call.timer = c.loop().schedule(RpcSettings.millis(timeout), () -> calls.fail(call.id, this::timedOut));
        c.send(frame); // when this finds the connection closed, its close fails the call (it was registered first)
        return call.result;
    }

    /** Sends a typed request (see {@link #request(Object, Duration)}): the answer comes as its reply type. */
    @Override
    public <R> CompletableFuture<R> call(Request<R> body, Duration timeout) {
        return Answers.typed(body, request(body, timeout));
    }

    /** True from the handshake until the connection closes. */
    @Override
    public boolean isOpen() {
        Connection c = connection;
        return c != null && c.isOpen();
    }

    /** Closes the connection (from any thread); requests still out fail with {@code reason}. */
    @Override
    public void close(String reason) {
        Connection c = connection;
        if (c != null) {
            c.close(reason);
        }
    }

    /** Why the connection closed, or null while it is open. */
    @Override
    public String closeReason() {
        Connection c = connection;
        return c == null ? null : c.closeReason();
    }

    /** The connection, as {@code local<->remote} addresses. */
    public String peer() {
        Connection c = connection;
        return c == null ? "(not connected)" : c.toString();
    }

    /** Requests sent and not yet answered. */
    public int pendingRequests() {
        return calls.size();
    }

    /** True once any control frame has come from the peer on this connection. */
    boolean hasHeardFromPeer() {
        return heardFromPeer;
    }

    @Override
    public void onAuthenticated(Connection c) {
        connection = c;
        try {
            requests = new RequestRunner(Objects.requireNonNull(handlers.apply(this), "request handler"), this::send, toString());
        } catch (RuntimeException e) {
            c.close("no request handler: " + e);
            return;
        }
        long now = System.nanoTime();
        heartbeat = new HeartbeatMonitor(settings.heartbeatInterval().toNanos(), settings.heartbeatTimeout().toNanos(),
                now, c.bytesReceived());
        send(new RpcMessage.Ping()); // the peer's first pong proves it serves us
        scheduleHeartbeat(c);
        listener.onAuthenticated(c);
    }

    @Override
    public void onFrame(Connection c, byte[] payload) throws FrameException {
        RpcMessage message = codec.decode(payload);
        heardFromPeer = true;
        switch (message) {
            case RpcMessage.Request r -> requests.start(r);
            case RpcMessage.Response r -> calls.complete(r.id(), r.body());
            case RpcMessage.Failure f -> calls.fail(f.id(), call -> failure(f, call.requestType));
            case RpcMessage.Ping p -> send(new RpcMessage.Pong());
            case RpcMessage.Pong p -> {
                // its arrival is all it says: liveness is judged from every byte received
            }
        }
    }

    /** A refusal arrives as the handler's own {@link ClusterException}; anything else as a {@link RemoteException}. */
    private RuntimeException failure(RpcMessage.Failure f, String requestType) {
        if (f.code() == RpcErrorCode.REFUSED) {
            return new ClusterException(ClusterError.fromWire(f.refusal()), f.message());
        }
        return new RemoteException(f.code(), f.message(), requestType, peer());
    }

    @Override
    public void onAuthenticationFailed(Connection c, String reason) {
        authenticationFailed = true;
        listener.onAuthenticationFailed(c, reason);
    }

    @Override
    public void onClose(Connection c, String reason) {
        if (connection == null) {
            connection = c; // closed during the handshake: keep the reason for requests that still come
        }
        if (heartbeatTimer != null) {
            heartbeatTimer.cancel();
        }
        if (authenticationFailed) { // typed, so a caller with other peers to try knows that retrying cannot help
            calls.closeAll(call -> new NotAuthenticatedException(call.requestType, peer(), reason));
        } else {
            calls.closeAll(call -> new ConnectionLostException(call.requestType, peer(), reason));
        }
        listener.onClose(c, reason);
    }

    private void scheduleHeartbeat(Connection c) {
        heartbeatTimer = c.loop().schedule(Math.max(1, heartbeat.tickNanos() / 1_000_000L), () -> heartbeatTick(c));
    }

    private void heartbeatTick(Connection c) {
        if (!c.isOpen()) {
            return;
        }
        long now = System.nanoTime();
        switch (heartbeat.tick(now, c.bytesReceived())) {
            case DEAD -> {
                c.close("no heartbeat for " + heartbeat.silentNanos(now) / 1_000_000L + " ms (timeout "
                        + settings.heartbeatTimeout().toMillis() + " ms, gearpump.net.heartbeat.timeout.ms)");
                return;
            }
            case PING -> send(new RpcMessage.Ping());
            case NOTHING -> {
            }
        }
        scheduleHeartbeat(c);
    }

    /** Encodes on the calling thread and queues the frame; false when the connection is closed. */
    private boolean send(RpcMessage message) {
        return connection.send(codec.encode(message));
    }

    private RuntimeException timedOut(PendingCalls.Call call) {
        return new RequestTimeoutException(call.requestType, call.timeout, peer());
    }

    @Override
    public String toString() {
        return "rpc " + peer();
    }
}
