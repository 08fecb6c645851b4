package io.gearpump.sim;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.Request;
import io.gearpump.net.rpc.ConnectionLostException;
import io.gearpump.net.rpc.RequestTimeoutException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A connection between two simulated processes, both ways: each call travels with a random delay,
 * its answer travels back the same way; as with TCP, nothing is lost silently: a loss resets the
 * connection, which fails every call still out (a call can also time out, if its peer never answers).
 * Across a partition ({@link SimWorld#partitioned}) messages wait, in order, until it heals or the
 * connection dies of it. {@link #toServer()} and {@link #toClient()} are each side's {@link Peer}.
 */
final class SimConnection {

    private final SimWorld world;
    final SimProcess client;
    final SimProcess server;
    private final List<CompletableFuture<?>> out = new ArrayList<>();
    private final List<Runnable> held = new ArrayList<>(); // messages waiting for a partition to heal, in order
    private final Peer toServer;
    private final Peer toClient;
    private boolean open = true;
    private String closeReason;
    private long deliveringSentAt; // when the request being delivered now was sent

    SimConnection(SimWorld world, SimProcess client, SimProcess server) {
        this.world = world;
        this.client = client;
        this.server = server;
        this.toServer = peer(server);
        this.toClient = peer(client);
        client.connections.add(this);
        server.connections.add(this);
        world.opened(this);
    }

    Peer toServer() {
        return toServer;
    }

    Peer toClient() {
        return toClient;
    }

    boolean isOpen() {
        return open;
    }

    void close(String reason) {
        if (!open) {
            return;
        }
        open = false;
        closeReason = reason;
        held.clear();
        world.closed(this);
        List<CompletableFuture<?>> failing = new ArrayList<>(out);
        out.clear();
        failing.forEach(f -> f.completeExceptionally(lost("call", reason)));
    }

    /** While a request is delivered: when it was sent. */
    long sentAt() {
        return deliveringSentAt;
    }

    private <R> CompletableFuture<R> send(SimProcess to, Request<R> request, Duration timeout) {
        CompletableFuture<R> result = new CompletableFuture<>();
        long sent = world.now();
        if (!open) {
            result.completeExceptionally(lost(request.getClass().getSimpleName(), closeReason));
            return result;
        }
        out.add(result);
        world.at(world.now() + timeout.toMillis(), () -> {
            if (out.remove(result)) {
                result.completeExceptionally(new RequestTimeoutException(request.getClass().getSimpleName(), timeout,
                        client.address + "<->" + server.address));
            }
        });
        if (world.lost()) { // TCP either delivers in order or breaks: a loss resets the connection
            world.at(world.now() + world.delay(), () -> close("reset by the network"));
            return result;
        }
        travel(() -> {
            if (!to.alive) {
                return;
            }
            CompletableFuture<Object> reply = new CompletableFuture<>();
            deliveringSentAt = sent;
            to.deliver(request, this, reply);
            reply.whenComplete((value, error) -> travel(() -> {
                if (!out.remove(result)) {
                    return; // timed out, or the connection closed
                }
                if (error != null) {
                    result.completeExceptionally(error);
                } else if (!request.replyType().isInstance(value)) {
                    result.completeExceptionally(new IllegalStateException("the answer to " + request + " is " + value));
                } else {
                    result.complete(request.replyType().cast(value));
                }
            }));
        });
        return result;
    }

    /** Carries {@code arrival} over the connection: after a delay, or once the partition between its ends heals. */
    private void travel(Runnable arrival) {
        world.at(world.now() + world.delay(), () -> arrive(arrival));
    }

    private void arrive(Runnable arrival) {
        if (!open) {
            return;
        }
        if (!held.isEmpty() || world.partitioned(client, server)) { // behind what waits already, as TCP keeps order
            held.add(arrival);
            world.stalled(this);
            return;
        }
        arrival.run();
    }

    /** A partition healed: what waited arrives, in order, unless another partition holds it still. */
    void release() {
        if (!open || held.isEmpty()) {
            return;
        }
        List<Runnable> waiting = new ArrayList<>(held);
        held.clear();
        long at = world.now() + world.delay();
        waiting.forEach(arrival -> world.at(at, () -> arrive(arrival)));
    }

    private ConnectionLostException lost(String requestType, String reason) {
        return new ConnectionLostException(requestType, client.address + "<->" + server.address, reason);
    }

    private Peer peer(SimProcess to) {
        return new Peer() {
            @Override
            public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
                return send(to, request, timeout);
            }

            @Override
            public boolean isOpen() {
                return open;
            }

            @Override
            public void close(String reason) {
                SimConnection.this.close(reason);
            }

            @Override
            public String closeReason() {
                return closeReason;
            }

            @Override
            public String toString() {
                return "connection to " + to.address;
            }
        };
    }
}
