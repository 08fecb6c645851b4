package io.gearpump.sim;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Request;
import io.gearpump.net.client.MasterChannel;
import io.gearpump.net.rpc.RedirectException;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * How a simulated worker, AppMaster or client finds the leading master, as {@code MasterLink} does
 * over sockets: one connection at a time, redirects followed, the next master in turn after a
 * failure, 50 ms between tries, a request sent again until a leader answers or the failover timeout
 * has passed. A request sent again may have been applied: that is how duplicates arise here.
 */
final class SimMasterLink implements MasterChannel {

    private static final long PAUSE = 50;

    private final SimWorld world;
    private final SimProcess owner;
    private final List<MasterProcess> masters;
    private final long failoverMillis;
    private final Consumer<String> onMove;
    private int cursor;
    private SimConnection connection;
    private SimConnection answeredOn;

    SimMasterLink(SimWorld world, SimProcess owner, List<MasterProcess> masters, long failoverMillis, Consumer<String> onMove) {
        this.world = world;
        this.owner = owner;
        this.masters = masters;
        this.failoverMillis = failoverMillis;
        this.onMove = onMove;
        this.cursor = world.random.nextInt(masters.size());
    }

    @Override
    public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
        CompletableFuture<R> result = new CompletableFuture<>();
        attempt(request, timeout, world.now(), result);
        return result;
    }

    private <R> void attempt(Request<R> request, Duration timeout, long since, CompletableFuture<R> result) {
        if (!owner.alive) {
            return; // the process is gone: nobody waits for this any more
        }
        if (world.now() - since > failoverMillis) {
            result.completeExceptionally(new ClusterException(ClusterError.NO_QUORUM, "no master answered "
                    + request.getClass().getSimpleName() + " within " + failoverMillis + " ms"));
            return;
        }
        MasterProcess m = masters.get(cursor);
        if (connection == null || !connection.isOpen() || connection.server != m) {
            if (connection != null && connection.server != m) {
                connection.close("the link moved to " + m.address);
            }
            if (!m.alive) {
                next(request, timeout, since, result);
                return;
            }
            connection = new SimConnection(world, owner, m);
        }
        SimConnection used = connection;
        used.toServer().call(request, timeout).whenComplete((answer, error) -> {
            if (error == null) {
                answered(used, m);
                result.complete(answer);
            } else if (error instanceof ClusterException refusal && refusal.error() != ClusterError.NO_QUORUM) {
                result.completeExceptionally(refusal); // the leader's answer: the caller's business
            } else if (error instanceof RedirectException r && !r.target().isEmpty() && index(r.target()) >= 0) {
                cursor = index(r.target());
                world.at(world.now(), () -> attempt(request, timeout, since, result));
            } else {
                next(request, timeout, since, result);
            }
        });
    }

    private <R> void next(Request<R> request, Duration timeout, long since, CompletableFuture<R> result) {
        cursor = (cursor + 1) % masters.size();
        world.at(world.now() + PAUSE, () -> attempt(request, timeout, since, result));
    }

    private void answered(SimConnection used, MasterProcess m) {
        if (used == answeredOn) {
            return;
        }
        boolean moved = answeredOn != null;
        answeredOn = used;
        if (moved) {
            onMove.accept(m.address);
        }
    }

    private int index(String address) {
        for (int i = 0; i < masters.size(); i++) {
            if (masters.get(i).address.equals(address)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public String current() {
        return masters.get(cursor).address;
    }
}
