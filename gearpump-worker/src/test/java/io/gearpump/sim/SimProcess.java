package io.gearpump.sim;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A simulated process: an address, the host it runs on (a worker's executors and AppMasters share
 * its host, so a partition cuts them off together), the agent(s) it steps, its connections; a crash
 * closes them all.
 */
abstract class SimProcess {

    final SimWorld world;
    final String address;
    final String host;
    final List<SimConnection> connections = new ArrayList<>();
    boolean alive = true;

    SimProcess(SimWorld world, String address, String host) {
        this.world = world;
        this.address = address;
        this.host = host;
    }

    /** Whether this is a master (partitions cut hosts off from the masters). */
    boolean isMaster() {
        return false;
    }

    /** A request arrived on {@code connection}; {@code reply} is completed by the process's agent. */
    abstract void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply);

    /** One step of the agent(s) at {@code now}; returns how much work was done. */
    abstract int step(long now);

    /** Whether inputs wait in a mailbox. */
    abstract boolean hasInput();

    /** Like kill -9: the process is gone and its connections close. */
    void crash(String why) {
        world.trace(address + " exits: " + why);
        alive = false;
        new ArrayList<>(connections).forEach(c -> c.close(address + " " + why));
    }

    @Override
    public String toString() {
        return address;
    }
}
