package io.gearpump.net.client;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.Answers;
import io.gearpump.net.rpc.ControlThreads;
import io.gearpump.net.rpc.NotAuthenticatedException;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.rpc.RpcEndpoint;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection to the leader of a group of masters (1, 3 or 5 running Raft; only the leader serves
 * cluster requests), for clients, workers and AppMasters. It keeps one {@link RpcClient} open to the
 * master it believes leads. A request that master does not serve comes back as a redirect: to the
 * leader it names, which the link follows, or to no one (an election is on), upon which the link
 * tries the other masters in turn; a master that refuses the connection, loses it or does not answer
 * in time is skipped the same way. After every master failed once the search pauses
 * {@link LeaderSearch#ROUND_PAUSE}, so a new leader is found within about that long of its election.
 * The same request is sent again until a leader answers or {@code gearpump.cluster.failover.timeout.ms}
 * has passed since its first failure; then it fails with an {@link IllegalStateException} that says
 * "no quorum" (some masters answered, none leads) or "no master reachable", with each master's last word.
 * A master that fails authentication (the cluster secrets differ, or only one side has one) fails the
 * request at once with the handshake's reason: that is a configuration to fix, not a master to wait for.
 *
 * <p>A request that timed out or lost its connection may have been applied; it is sent again
 * anyway, which is safe for the cluster protocol: a submission carries its submission id, a request
 * for executors may start more than asked (with ids that never repeat, all put to work), and the
 * other requests are idempotent. An error the leader answered with (e.g. "unknown application id 7")
 * goes to the caller at once, without retries.
 *
 * <p>The master can send requests back on the connection (to a worker, an AppMaster): the handler
 * given here serves them, whichever master the link talks to. State a master keeps per connection
 * (a worker's registration) must be sent again when the link moves: {@code onMove} is told when
 * answers start coming over a new connection (another master, or the same one after a reconnection).
 *
 * <p>Threads: any thread may send; a request that must search does so on a virtual thread of its
 * own. {@code target}, {@code cursor} and {@code answeredOn} are guarded by {@code this}, which is
 * held for bookkeeping only, never while waiting; the old client is closed when the link moves.
 */
public final class MasterLink implements MasterChannel, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterLink.class);

    /** The master the link talks to now: its address as configured (or as a redirect named it) and the client. */
    private record Target(String address, RpcClient client) {
    }

    private final NodeContext node;
    private final List<String> masters;
    private final RequestHandler handler;
    private final Consumer<String> onMove;
    private final Duration failoverTimeout;
    private Target target; // guarded by this
    private int cursor; // guarded by this: the index in masters of the last master taken in turn
    private RpcEndpoint answeredOn; // guarded by this: the connection of the last answer, to tell a move
    private volatile boolean closed;

    /** A link for a side that serves no requests from the master (a client). */
    public MasterLink(NodeContext node, List<String> masters) {
        this(node, masters, RequestHandler.NONE);
    }

    /** A link whose master may send requests back ({@code handler}), with no move listener. */
    public MasterLink(NodeContext node, List<String> masters, RequestHandler handler) {
        this(node, masters, handler, address -> {
        });
    }

    /**
     * @param masters every master's {@code host:port}, as in {@code gearpump.cluster.masters}
     * @param handler serves the requests a master sends on the link's connection
     * @param onMove told the master's address when answers start coming over a new connection, on the
     *        thread of the request that got the answer, before that request completes; must not block
     */
    public MasterLink(NodeContext node, List<String> masters, RequestHandler handler, Consumer<String> onMove) {
        this.node = Objects.requireNonNull(node, "node");
        if (masters.isEmpty()) {
            throw new IllegalArgumentException("no master address given (gearpump.cluster.masters)");
        }
        masters.forEach(NodeContext::parseAddress); // a malformed list fails here, not at the first request
        this.masters = List.copyOf(masters);
        this.handler = Objects.requireNonNull(handler, "handler");
        this.onMove = Objects.requireNonNull(onMove, "onMove");
        this.failoverTimeout = Duration.ofMillis(node.config().get(GearConfig.FAILOVER_TIMEOUT_MS));
        synchronized (this) {
            target = open(this.masters.get(0));
        }
    }

    /** The addresses of {@code masters} ({@code host:port,host:port,...}); fails on an empty or malformed list. */
    public static List<String> parseMasters(String masters) {
        List<String> out = new ArrayList<>();
        for (String m : masters.split(",")) {
            if (!m.isBlank()) {
                NodeContext.parseAddress(m.trim());
                out.add(m.trim());
            }
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no master address in '" + masters + "' (expected host:port,host:port,...)");
        }
        return List.copyOf(out);
    }

    /** {@link #request(Object, Duration)} with the request timeout ({@code gearpump.net.request.timeout.ms}). */
    public CompletableFuture<Object> request(Object body) {
        return request(body, node.settings().requestTimeout());
    }

    /**
     * Sends {@code body} to the leader; {@code timeout} bounds each try. The future completes with the
     * leader's answer, or fails with the leader's error ({@link io.gearpump.net.rpc.RemoteException}),
     * or with a {@link io.gearpump.core.cluster.ClusterException} (NO_QUORUM or NO_MASTER) when no leader
     * answered within the failover timeout.
     */
    public CompletableFuture<Object> request(Object body, Duration timeout) {
        if (closed) {
            return CompletableFuture.failedFuture(closedError(body));
        }
        Target t = target();
        RpcEndpoint ep = t.client().endpoint();
        CompletableFuture<Object> result = new CompletableFuture<>();
        if (ep == null) {
            search(body, timeout, null, null, result);
            return result;
        }
        ep.request(body, timeout).whenComplete((answer, error) -> {
            if (error == null) {
                answered(t, ep);
                result.complete(answer);
            } else {
                search(body, timeout, t, error, result);
            }
        });
        return result;
    }

    /** A typed request to the leader, with the request timeout: the answer comes as its reply type. */
    public <R> CompletableFuture<R> call(Request<R> body) {
        return Answers.typed(body, request(body));
    }

    /** A typed request to the leader ({@link #request(Object, Duration)}): the answer comes as its reply type. */
    @Override
    public <R> CompletableFuture<R> call(Request<R> body, Duration timeout) {
        return Answers.typed(body, request(body, timeout));
    }

    /**
     * Waits until the link has a connection to a master (trying them in turn), for at most
     * {@code timeout}; true when it has. Whether that master leads shows at the first request.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public boolean awaitConnected(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        int failures = 0;
        while (!closed) {
            Target t = target();
            long left = deadline - System.nanoTime();
            if (t.client().awaitDialOutcome(Duration.ofNanos(Math.max(0, left)))) {
                return true;
            }
            if (deadline - System.nanoTime() <= 0) {
                return false;
            }
            next(t);
            if (++failures % masters.size() == 0) {
                Thread.sleep(Math.min(LeaderSearch.ROUND_PAUSE.toMillis(), Math.max(1, left / 1_000_000L)));
            }
        }
        return false;
    }

    /** The address of the master the link talks to now (the leader, once a request has been answered). */
    @Override
    public synchronized String current() {
        return target.address();
    }

    public List<String> masters() {
        return masters;
    }

    public boolean isClosed() {
        return closed;
    }

    /** Closes the connection; requests still searching fail with "closed". */
    @Override
    public void close() {
        Target t;
        synchronized (this) {
            if (closed) {
                return;
            }
            closed = true;
            t = target;
        }
        t.client().close();
    }

    private synchronized Target target() {
        return target;
    }

    /** Goes on with a request after its first try failed (or could not be sent), on a thread of its own. */
    private void search(Object body, Duration timeout, Target failedAt, Throwable error, CompletableFuture<Object> result) {
        ControlThreads.EXECUTOR.execute(() -> {
            LeaderSearch search = new LeaderSearch(masters, failoverTimeout, System::nanoTime);
            try {
                if (error != null) {
                    moveOn(search, failedAt, error);
                }
                result.complete(untilAnswered(body, timeout, search));
            } catch (RuntimeException e) {
                result.completeExceptionally(e);
            } catch (InterruptedException e) {
                result.completeExceptionally(new IllegalStateException("interrupted while looking for the leader", e));
            }
        });
    }

    private Object untilAnswered(Object body, Duration timeout, LeaderSearch search) throws InterruptedException {
        while (true) {
            long pause = search.pauseMillis();
            if (pause > 0) {
                Thread.sleep(pause);
            }
            if (closed) {
                throw closedError(body);
            }
            if (search.expired()) {
                throw search.gaveUp(body.getClass().getSimpleName());
            }
            Target t = target();
            Duration dialWait = search.dialWait(node.settings().connectTimeout());
            if (!t.client().awaitDialOutcome(dialWait)) {
                if (t == target()) { // else another request's search has moved the link already
                    RpcClient.State state = t.client().state();
                    if (state == RpcClient.State.NEW || state == RpcClient.State.CONNECTING) { // its dial has not ended
                        search.noConnectionWithin(t.address(), dialWait);
                    } else {
                        String refused = t.client().authenticationFailure();
                        if (refused != null) {
                            throw authenticationFailed(t.address(), refused);
                        }
                        search.unreachable(t.address(), t.client().lastFailure());
                    }
                    next(t);
                }
                continue;
            }
            RpcEndpoint ep = t.client().endpoint();
            if (ep == null) {
                continue; // lost just now: the next turn sees why
            }
            try {
                Object answer = ep.request(body, timeout).join();
                answered(t, ep);
                return answer;
            } catch (CompletionException e) {
                moveOn(search, t, e.getCause());
            }
        }
    }

    /** After a failed try at {@code t}: hands the caller its own errors, else follows the redirect or takes the next master. */
    private void moveOn(LeaderSearch search, Target t, Throwable error) {
        if (LeaderSearch.unwrap(error) instanceof NotAuthenticatedException refused) {
            throw authenticationFailed(t.address(), refused.reason());
        }
        RuntimeException callers = LeaderSearch.callersError(error);
        if (callers != null) {
            throw callers;
        }
        if (t != target()) {
            return; // another request's search has moved the link (and closed this client): nothing learnt
        }
        String leader = search.failed(t.address(), error);
        if (leader != null) {
            moveTo(t, leader);
        } else {
            next(t);
        }
    }

    /** Takes the next master in turn, unless the link has moved away from {@code from} already. */
    private void next(Target from) {
        synchronized (this) {
            if (target != from || closed) {
                return;
            }
            cursor = (cursor + 1) % masters.size();
            target = open(masters.get(cursor));
        }
        LOG.debug("{}: {} did not serve, trying {}", this, from.address(), current());
        from.client().close();
    }

    /** Goes to the leader a master named, unless the link has moved away from {@code from} already. */
    private void moveTo(Target from, String leader) {
        synchronized (this) {
            if (target != from || closed) {
                return;
            }
            target = open(leader);
        }
        LOG.debug("{}: {} redirected to {}", this, from.address(), leader);
        from.client().close();
    }

    /** Called with this held: starts a client to {@code address} (dialing happens on its event loop). */
    private Target open(String address) {
        return new Target(address, node.client(NodeContext.parseAddress(address), handler).quiet().start());
    }

    /** Notes the connection that answered; tells {@code onMove} when it is a new one. */
    private void answered(Target t, RpcEndpoint ep) {
        boolean moved;
        synchronized (this) {
            if (t != target || ep == answeredOn) {
                return;
            }
            moved = answeredOn != null;
            answeredOn = ep;
        }
        if (!moved) {
            LOG.debug("{}: answered by {}", this, t.address());
            return;
        }
        LOG.info("{}: now talking to {}", this, t.address());
        try {
            onMove.accept(t.address());
        } catch (RuntimeException e) {
            LOG.warn("{}: the move listener failed: {}", this, e.toString());
        }
    }

    /** Not a master that is down: trying again or elsewhere cannot help until a configuration changes. */
    private static ClusterException authenticationFailed(String address, String reason) {
        return new ClusterException(ClusterError.NO_MASTER, "master " + address + ": " + reason);
    }

    private IllegalStateException closedError(Object body) {
        return new IllegalStateException("the link to the masters " + masters + " is closed; "
                + body.getClass().getSimpleName() + " not sent");
    }

    @Override
    public String toString() {
        return "master link " + masters;
    }
}
