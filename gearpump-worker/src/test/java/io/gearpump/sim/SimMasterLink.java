package io.gearpump.sim;

import io.gearpump.core.cluster.Request;
import io.gearpump.net.client.MasterChannel;
import io.gearpump.net.client.SimLeaderSearch;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How a simulated worker, AppMaster or client reaches the leading master: {@code MasterLink}'s
 * algorithm, step for step, with its own bookkeeping ({@code LeaderSearch}, through
 * {@link SimLeaderSearch}) on the simulation's clock. One target at a time, from the first master
 * on; a request goes to it; an answer, or an error that is the caller's (a refusal, an error the
 * leader answered), ends it; a redirect to a usable leader moves the link there; any other failure
 * (no leader known, a timeout, a lost or refused connection) moves it to the next master in turn,
 * with a pause after every master failed once; the request is sent again until the failover window,
 * which starts at its first failure, is over, and then fails with NO_QUORUM (some master answered)
 * or NO_MASTER. A search that finds the link moved by another request's search goes on from there,
 * learning nothing. {@code onMove} is told when answers start coming over a new connection. A
 * request sent again may have been applied: that is how duplicates arise here, as in a real cluster.
 *
 * <p>What differs from {@code MasterLink}, which needs sockets, threads and the wall clock and so
 * cannot run here: it is driven by events instead of a virtual thread per searching request; a
 * dial is instant (a master that is down refuses at once; across a partition the connection opens
 * but nothing crosses, and it dies after the RPC heartbeat timeout, where a real dial would give up
 * after the connect timeout, 5 s by default as well); a lost connection is dialed again when the
 * next request needs it, where {@code RpcClient} dials again in the background; and a dial is not
 * cut short at the end of the window.
 */
final class SimMasterLink implements MasterChannel {

    /** The master the link talks to, and its connection once dialed. */
    private static final class Target {
        final MasterProcess master;
        SimConnection connection;

        Target(MasterProcess master) {
            this.master = master;
        }

        /** The open connection, dialed now if there is none; null when the master is down (the dial is refused). */
        SimConnection dial(SimWorld world, SimProcess owner) {
            if (connection == null || !connection.isOpen()) {
                connection = master.alive ? new SimConnection(world, owner, master) : null;
            }
            return connection;
        }
    }

    private final SimWorld world;
    private final SimProcess owner;
    private final List<MasterProcess> masters;
    private final List<String> addresses;
    private final Duration failoverWindow;
    private final Consumer<String> onMove;
    private Target target;
    private int cursor; // the index of the last master taken in turn
    private SimConnection answeredOn;

    SimMasterLink(SimWorld world, SimProcess owner, List<MasterProcess> masters, long failoverMillis, Consumer<String> onMove) {
        this.world = world;
        this.owner = owner;
        this.masters = masters;
        this.addresses = masters.stream().map(m -> m.address).toList();
        this.failoverWindow = Duration.ofMillis(failoverMillis);
        this.onMove = onMove;
        this.target = new Target(masters.get(0));
    }

    @Override
    public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
        CompletableFuture<R> result = new CompletableFuture<>();
        Target t = target;
        SimConnection c = t.connection;
        if (c == null || !c.isOpen()) {
            search(request, timeout, newSearch(), result);
            return result;
        }
        c.toServer().call(request, timeout).whenComplete((answer, error) -> {
            if (error == null) {
                answered(t, c);
                result.complete(answer);
            } else {
                SimLeaderSearch search = newSearch();
                if (moveOn(search, t, error, result)) {
                    search(request, timeout, search, result);
                }
            }
        });
        return result;
    }

    @Override
    public String current() {
        return target.master.address;
    }

    private SimLeaderSearch newSearch() {
        return new SimLeaderSearch(addresses, failoverWindow, () -> world.now() * 1_000_000L);
    }

    /** The next try, after the pause the search asks for. */
    private <R> void search(Request<R> request, Duration timeout, SimLeaderSearch search, CompletableFuture<R> result) {
        long pause = search.pauseMillis();
        world.at(world.now() + pause, () -> tryOnce(request, timeout, search, result));
    }

    private <R> void tryOnce(Request<R> request, Duration timeout, SimLeaderSearch search, CompletableFuture<R> result) {
        if (!owner.alive) {
            return; // the process is gone: nobody waits for this any more
        }
        if (search.expired()) {
            result.completeExceptionally(search.gaveUp(request.getClass().getSimpleName()));
            return;
        }
        Target t = target;
        SimConnection c = t.dial(world, owner);
        if (c == null) {
            search.unreachable(t.master.address, "connection refused (the master is down)");
            next(t);
            search(request, timeout, search, result);
            return;
        }
        c.toServer().call(request, timeout).whenComplete((answer, error) -> {
            if (error == null) {
                answered(t, c);
                result.complete(answer);
            } else if (moveOn(search, t, error, result)) {
                search(request, timeout, search, result);
            }
        });
    }

    /**
     * After a failed try at {@code t}: hands the caller its own error (false: the request is over), else
     * follows the redirect or takes the next master, unless another request's search moved the link already.
     */
    private boolean moveOn(SimLeaderSearch search, Target t, Throwable error, CompletableFuture<?> result) {
        RuntimeException callers = SimLeaderSearch.callersError(error);
        if (callers != null) {
            result.completeExceptionally(callers);
            return false;
        }
        if (t != target) {
            return true; // nothing learnt
        }
        String leader = search.failed(t.master.address, error);
        int named = leader == null ? -1 : addresses.indexOf(leader);
        if (named >= 0) {
            moveTo(t, new Target(masters.get(named)), "redirected to " + leader);
        } else {
            cursor = (cursor + 1) % masters.size();
            moveTo(t, new Target(masters.get(cursor)), "did not serve");
        }
        return true;
    }

    private void next(Target from) {
        if (from == target) {
            cursor = (cursor + 1) % masters.size();
            moveTo(from, new Target(masters.get(cursor)), "did not serve");
        }
    }

    /** The link moves; the old connection closes (its other requests fail and search on from the new target). */
    private void moveTo(Target from, Target to, String why) {
        target = to;
        if (from.connection != null) {
            from.connection.close("the link moved: " + from.master.address + " " + why);
        }
    }

    /** Notes the connection that answered; tells {@code onMove} when it is a new one. */
    private void answered(Target t, SimConnection c) {
        if (t != target || c == answeredOn) {
            return;
        }
        boolean moved = answeredOn != null;
        answeredOn = c;
        if (moved) {
            onMove.accept(t.master.address);
        }
    }
}
