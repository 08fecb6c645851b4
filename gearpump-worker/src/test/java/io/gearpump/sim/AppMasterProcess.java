package io.gearpump.sim;

import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.worker.executor.SimAppMaster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An application's AppMaster process: the real AppMaster agent; it exits once the master was told the outcome. */
final class AppMasterProcess extends ChildProcess {

    final SimAppMaster appMaster;
    /** The how-manieth process the simulation launched: a later AppMaster of an application has a higher number. */
    final int launch;
    /** Its epoch, as the master launched it. */
    final int epoch;

    AppMasterProcess(SimWorld world, String address, WorkerProcess worker, int launch, LaunchExecutor l, Application app,
                     List<MasterProcess> masters, ClusterSimulation.Settings s) {
        super(address, worker, l.appId(), l.workerId());
        this.launch = launch;
        this.epoch = l.epoch();
        SimMasterLink link = new SimMasterLink(world, this, masters, s.failoverMillis(), moved -> { });
        this.appMaster = new SimAppMaster(app, link, l.appId(), l.epoch(), l.executors(), s.maxRestarts(), address,
                l.startClockMillis());
    }

    @Override
    void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply) {
        switch (request) {
            case RegisterExecutor r -> {
                appMaster.executorJoined(r, connection.toClient());
                reply.complete(Done.DONE);
            }
            case AppMasterCommand<?> c -> appMaster.command(c, reply);
            default -> reply.completeExceptionally(new IllegalArgumentException("an AppMaster does not serve " + request));
        }
    }

    @Override
    int step(long now) {
        int work = appMaster.step(now);
        if (appMaster.ended()) {
            crash("exited: " + (appMaster.outcome() == null ? "without an outcome (replaced)" : appMaster.outcome()));
        }
        return work;
    }

    @Override
    boolean hasInput() {
        return appMaster.hasInput();
    }
}
