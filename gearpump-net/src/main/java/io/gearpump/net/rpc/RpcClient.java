package io.gearpump.net.rpc;

import io.gearpump.core.cluster.Request;

import io.gearpump.net.loop.Connection;
import io.gearpump.net.loop.EventLoop;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.protocol.Session;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one connection open to one remote address, for requests to it: dials on {@link #start},
 * and after a failed dial or a lost connection dials again after a backoff delay (doubling from
 * {@link RpcSettings#reconnectInitialDelay()} up to {@link RpcSettings#reconnectMaxDelay()}, with
 * jitter from the injected random). The backoff starts over once a connection has carried an answer
 * from the peer.
 *
 * <p>While there is no connection, {@link #request} fails at once with a
 * {@link NotConnectedException} that names the address, the state and the last failure: it never
 * queues a request for a connection that may not come, so a caller is never told late about a
 * request it believes is in flight. A caller that prefers to wait calls {@link #awaitConnected}
 * first. Requests in flight when the connection is lost fail with a {@link ConnectionLostException}
 * and are not resent (the peer may have processed them).
 *
 * <p>A connection that ends because authentication failed (the cluster secrets differ, or only one
 * side has one) is redialed like any other, as the peer's configuration may change; meanwhile
 * {@link #authenticationFailure} tells a caller with somewhere else to go that waiting will not help.
 *
 * <p>Threads: every state change runs on one event loop of the group (the client's home loop);
 * {@code state}, {@code current}, {@code lastFailure}, {@code connected}, {@code dialOutcome} and
 * {@code closed} are written there (and {@code closed} by {@link #close}) and read by any thread.
 */
public final class RpcClient implements AutoCloseable {

    /** Where the client is; transitions are logged. */
    public enum State {
        /** Built, not started. */
        NEW,
        /** A dial (and handshake) is in progress. */
        CONNECTING,
        /** Requests can be sent. */
        CONNECTED,
        /** Waiting for the backoff delay before the next dial. */
        BACKING_OFF,
        /** Closed for good. */
        CLOSED
    }

    private static final Logger LOG = LoggerFactory.getLogger(RpcClient.class);

    private final EventLoopGroup group;
    private final EventLoop home;
    private final InetSocketAddress address;
    private final RpcCodec codec;
    private final RpcSettings settings;
    private final Supplier<Session.Handshake> handshakes;
    private final RequestHandler handler;
    private final AtomicLong dials = new AtomicLong();
    private final AtomicLong connects = new AtomicLong();
    private volatile State state = State.NEW;
    private volatile RpcEndpoint current;
    private volatile Failure lastFailure = new Failure("not connected yet", false);
    private volatile CompletableFuture<RpcEndpoint> connected = new CompletableFuture<>();
    /** true once the dial in progress connected, false once it failed or the connection ended; replaced per dial. */
    private volatile CompletableFuture<Boolean> dialOutcome = new CompletableFuture<>();
    private volatile boolean closed;
    private volatile boolean quiet; // set before start
    // home loop only:
    private final Backoff backoff;
    private Attempt attempt;
    private EventLoop.Timer redial;

    /**
     * @param handshakes one handshake per connection ({@code () -> Session.NO_HANDSHAKE} without a cluster secret)
     * @param handler answers the requests the server sends on this connection ({@link RequestHandler#NONE} for none)
     * @param random the jitter of the reconnect delays
     */
    public RpcClient(EventLoopGroup group, InetSocketAddress address, RpcCodec codec, RpcSettings settings,
                     Supplier<Session.Handshake> handshakes, RequestHandler handler, Random random) {
        this.group = Objects.requireNonNull(group, "group");
        this.home = group.next();
        this.address = Objects.requireNonNull(address, "address");
        this.codec = Objects.requireNonNull(codec, "codec");
        this.settings = Objects.requireNonNull(settings, "settings");
        this.handshakes = Objects.requireNonNull(handshakes, "handshakes");
        this.handler = Objects.requireNonNull(handler, "handler");
        this.backoff = new Backoff(settings.reconnectInitialDelay(), settings.reconnectMaxDelay(), random);
    }

    /**
     * Logs every state change at debug, for an owner that logs what matters itself (a
     * {@code MasterLink} opens and closes a client per master it tries while it looks for the leader).
     * Call before {@link #start}.
     */
    public RpcClient quiet() {
        quiet = true;
        return this;
    }

    /** Starts dialing; returns at once (see {@link #awaitConnected}). */
    public RpcClient start() {
        home.execute(() -> {
            if (state == State.NEW && !closed) {
                dial();
            }
        });
        return this;
    }

    /** {@link #request(Object, Duration)} with the default timeout. */
    public CompletableFuture<Object> request(Object body) {
        return request(body, settings.requestTimeout());
    }

    /**
     * Sends {@code body} on the current connection (see {@link RpcEndpoint#request(Object, Duration)});
     * without one, the future fails at once with a {@link NotConnectedException}.
     */
    public CompletableFuture<Object> request(Object body, Duration timeout) {
        RpcEndpoint ep = current;
        if (closed || ep == null || !ep.isOpen()) {
            return CompletableFuture.failedFuture(new NotConnectedException("request " + RpcCodec.typeName(body)
                    + " not sent: not connected to " + address + " (" + state() + "; last failure: " + lastFailure()
                    + "); the client keeps dialing: send it again later, or wait with awaitConnected first"));
        }
        return ep.request(body, timeout);
    }

    /** Sends a typed request on the current connection: the answer comes as its reply type. */
    public <R> CompletableFuture<R> call(Request<R> body, Duration timeout) {
        return Answers.typed(body, request(body, timeout));
    }

    /** Like {@link #awaitConnected}, for callers that cannot be interrupted meaningfully: false when interrupted. */
    public boolean awaitConnectedQuietly(Duration timeout) {
        try {
            return awaitConnected(timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * Waits until a connection is open, for at most {@code timeout}; true when it is.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!closed) {
            RpcEndpoint ep = current;
            if (ep != null && ep.isOpen()) {
                return true;
            }
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            try {
                connected.get(left, TimeUnit.NANOSECONDS);
            } catch (TimeoutException e) {
                return false;
            } catch (ExecutionException e) {
                return false; // closed
            }
        }
        return false;
    }

    /**
     * Waits until a connection is open, or until the dial in progress (for a new client, its first
     * dial) has failed, for at most {@code timeout}; true when a connection is open. Unlike
     * {@link #awaitConnected} it does not wait through backoff delays: it tells a caller that has
     * somewhere else to go (another master) that this address does not answer now.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitDialOutcome(Duration timeout) throws InterruptedException {
        if (endpoint() != null) {
            return true;
        }
        if (closed) {
            return false;
        }
        try {
            return dialOutcome.get(Math.max(0, timeout.toNanos()), TimeUnit.NANOSECONDS) && endpoint() != null;
        } catch (TimeoutException | ExecutionException e) {
            return false;
        }
    }

    public State state() {
        return closed ? State.CLOSED : state;
    }

    /** The open connection's endpoint, or null. */
    public RpcEndpoint endpoint() {
        RpcEndpoint ep = current;
        return ep != null && ep.isOpen() ? ep : null;
    }

    public InetSocketAddress address() {
        return address;
    }

    /** Why the last dial failed or the last connection closed. */
    public String lastFailure() {
        return lastFailure.reason();
    }

    /**
     * Why authentication failed when that ended the last connection, else null: the cluster secrets
     * differ, or only one side has one, and dialing again cannot help until a configuration changes.
     */
    public String authenticationFailure() {
        Failure f = lastFailure;
        return f.authentication() ? f.reason() : null;
    }

    /** Dials started so far. */
    public long dials() {
        return dials.get();
    }

    /** Connections opened (authenticated) so far; more than one means the client reconnected. */
    public long connects() {
        return connects.get();
    }

    /** Stops dialing and closes the connection; requests still out fail with a {@link ConnectionLostException}. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        RpcEndpoint ep = current;
        if (ep != null) {
            ep.close("client closed");
        }
        home.execute(() -> {
            if (redial != null) {
                redial.cancel();
            }
            if (attempt != null) {
                attempt.endpoint.close("client closed");
            }
            state(State.CLOSED, "closed");
            connected.completeExceptionally(new NotConnectedException("client closed"));
            dialOutcome.complete(false);
        });
    }

    private void dial() {
        if (closed) {
            return;
        }
        dials.incrementAndGet();
        if (dialOutcome.isDone()) {
            dialOutcome = new CompletableFuture<>();
        }
        state(State.CONNECTING, "dialing " + address);
        Attempt a = new Attempt();
        attempt = a;
        group.connect(address, a.endpoint.session(handshakes.get()), RpcSettings.millis(settings.connectTimeout()))
                .whenComplete((connection, error) -> {
                    if (error != null) {
                        home.execute(() -> ended(a, rootMessage(error), false));
                    }
                });
    }

    private void opened(Attempt a) {
        if (closed || a != attempt) {
            a.endpoint.close(closed ? "client closed" : "superseded by another dial");
            return;
        }
        current = a.endpoint;
        connects.incrementAndGet();
        state(State.CONNECTED, a.endpoint.peer());
        connected.complete(a.endpoint);
        dialOutcome.complete(true);
    }

    private void ended(Attempt a, String reason, boolean authenticationFailed) {
        if (a != attempt) {
            return; // a connection we already gave up on
        }
        attempt = null;
        current = null;
        a.endpoint.close(reason);
        if (connected.isDone()) {
            connected = new CompletableFuture<>();
        }
        if (a.endpoint.hasHeardFromPeer()) {
            backoff.reset(); // that connection worked: start over from the initial delay
        }
        lastFailure = new Failure(reason, authenticationFailed);
        if (!dialOutcome.complete(false)) {
            dialOutcome = CompletableFuture.completedFuture(false); // the connection it opened has ended
        }
        if (closed) {
            return;
        }
        long delay = backoff.nextDelayMillis();
        state(State.BACKING_OFF, reason + "; next dial in " + delay + " ms");
        redial = home.schedule(delay, this::dial);
    }

    private void state(State next, String reason) {
        State previous = state;
        state = next;
        boolean routine = next == State.CONNECTING || (next == State.BACKING_OFF && previous == State.CONNECTING);
        if (routine || quiet) {
            LOG.debug("{}: {} -> {} ({})", this, previous, next, reason);
        } else {
            LOG.info("{}: {} -> {} ({})", this, previous, next, reason);
        }
    }

    private static String rootMessage(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    @Override
    public String toString() {
        return "rpc client of " + address;
    }

    /** Why a dial or connection ended; {@code authentication}: because authentication failed. */
    private record Failure(String reason, boolean authentication) {
    }

    /** One dial and the connection it opens; its events go to the home loop, tagged with it. */
    private final class Attempt implements Session.Listener {
        final RpcEndpoint endpoint = new RpcEndpoint(codec, settings, ep -> handler, this);
        private boolean authenticationFailed; // the connection's loop only

        @Override
        public void onAuthenticated(Connection connection) {
            home.execute(() -> opened(this));
        }

        @Override
        public void onAuthenticationFailed(Connection connection, String reason) {
            authenticationFailed = true; // onClose follows on the same thread
        }

        @Override
        public void onClose(Connection connection, String reason) {
            boolean refused = authenticationFailed;
            home.execute(() -> ended(this, reason, refused));
        }
    }
}
