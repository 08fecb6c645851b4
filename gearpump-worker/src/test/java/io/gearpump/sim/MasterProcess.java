package io.gearpump.sim;

import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.master.cluster.SimMaster;
import io.gearpump.master.raft.RaftMessage;

import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Function;

/** A master process: its agent and Raft member, Raft messages to the others through the simulated network. */
final class MasterProcess extends SimProcess {

    final SimMaster master;

    MasterProcess(SimWorld world, String address, List<String> members, Function<String, MasterProcess> byAddress,
                  ClusterSimulation.Settings s) {
        super(world, address, address);
        this.master = new SimMaster(address, members, message -> send(world, byAddress, message),
                new java.util.Random(world.random.nextLong()), s.heartbeatMillis(), s.workerTimeoutMillis(), s.orphanGraceMillis(),
                s.maxRestarts());
        master.start();
    }

    private void send(SimWorld world, Function<String, MasterProcess> byAddress, RaftMessage message) {
        if (world.lost()) {
            return;
        }
        world.at(world.now() + world.delay(), () -> {
            MasterProcess to = byAddress.apply(message.to());
            if (alive && to.alive && !to.partitionedFrom(this)) {
                to.master.receive(message);
            }
        });
    }

    /** Masters cut off from each other by a partition (none unless a fault says so). */
    boolean partitionedFrom(MasterProcess other) {
        return isolated || other.isolated;
    }

    boolean isolated;

    @Override
    boolean isMaster() {
        return true;
    }

    @Override
    void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply) {
        if (request instanceof MasterRequest<?> r) {
            master.ask(r, connection.toClient(), reply);
        } else {
            reply.completeExceptionally(new IllegalArgumentException("a master does not serve " + request));
        }
    }

    @Override
    int step(long now) {
        return master.step(now);
    }

    @Override
    boolean hasInput() {
        return master.hasInput();
    }

    @Override
    void crash(String why) {
        super.crash(why);
        master.crash();
    }

    void restart() {
        alive = true;
        isolated = false;
        master.start();
    }
}
