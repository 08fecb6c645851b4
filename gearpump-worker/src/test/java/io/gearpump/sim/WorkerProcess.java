package io.gearpump.sim;

import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;
import io.gearpump.worker.daemon.ExecutorLauncher;
import io.gearpump.worker.daemon.SimWorker;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker process: the real worker agent, whose executors are child processes of the simulation
 * (they die with it, as child JVMs do when their worker goes away).
 */
final class WorkerProcess extends SimProcess implements ExecutorLauncher {

    final SimWorker worker;
    final List<ChildProcess> children = new ArrayList<>();
    private final ClusterSimulation sim;

    WorkerProcess(ClusterSimulation sim, String address, int slots) {
        super(sim.world, address, address);
        this.sim = sim;
        SimMasterLink link = new SimMasterLink(sim.world, this, sim.masters, sim.settings.failoverMillis(), this::moved);
        this.worker = new SimWorker(address, slots, sim.settings.heartbeatMillis(), link, this);
    }

    private void moved(String master) {
        worker.moved(master);
    }

    @Override
    void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply) {
        if (request instanceof WorkerCommand<?> c) {
            worker.command(c, reply);
        } else {
            reply.completeExceptionally(new IllegalArgumentException("a worker does not serve " + request));
        }
    }

    @Override
    int step(long now) {
        return worker.step(now);
    }

    @Override
    boolean hasInput() {
        return worker.hasInput();
    }

    @Override
    void crash(String why) {
        super.crash(why);
        children.forEach(c -> {
            if (c.alive) {
                c.crash("died with its worker");
            }
        });
    }

    // ------------------------------------------------------------------ the launcher

    @Override
    public long launch(LaunchExecutor launch, AppBundle bundle) {
        ChildProcess child = sim.launched(this, launch, bundle);
        children.add(child);
        return child.hashCode();
    }

    /** Stops them and forgets them, as the real launchers do (one that exited by itself is listed, not alive, until then). */
    @Override
    public void stop(int appId) {
        for (ChildProcess c : children) {
            if (c.alive && c.appId == appId) {
                c.crash("stopped by its worker");
            }
        }
        children.removeIf(c -> c.appId == appId);
    }

    @Override
    public void stopExecutor(int appId, int executorId) {
        for (ChildProcess c : children) {
            if (c.alive && c.appId == appId && c instanceof ExecutorProcess e && e.executorId == executorId) {
                c.crash("stopped by its worker: it serves a replaced AppMaster");
            }
        }
        children.removeIf(c -> c.appId == appId && c instanceof ExecutorProcess e && e.executorId == executorId);
    }

    @Override
    public ArrayList<ExecutorInfo> executors() {
        ArrayList<ExecutorInfo> out = new ArrayList<>();
        for (ChildProcess c : children) {
            int executorId = c instanceof ExecutorProcess e ? e.executorId : 0;
            out.add(new ExecutorInfo(c.appId, executorId, c.hashCode(), c.alive));
        }
        return out;
    }

    @Override
    public void close() {
        new ArrayList<>(children).forEach(c -> {
            if (c.alive) {
                c.crash("stopped by its worker");
            }
        });
        children.clear();
    }
}
