package io.gearpump.sim;

import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.worker.executor.SimAppMaster;

import java.util.List;
import java.util.concurrent.CompletableFuture;

/** An application's AppMaster process: the real AppMaster agent; it exits once the master was told the outcome. */
final class AppMasterProcess extends SimProcess {

    final int appId;
    final SimAppMaster appMaster;

    AppMasterProcess(SimWorld world, String address, int appId, Application app, int executors, long startClock,
                     List<MasterProcess> masters, ClusterSimulation.Settings s) {
        super(address);
        this.appId = appId;
        SimMasterLink link = new SimMasterLink(world, this, masters, s.failoverMillis(), moved -> { });
        this.appMaster = new SimAppMaster(app, link, appId, executors, s.maxRestarts(), address, startClock);
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
            crash("exited: " + appMaster.outcome());
        }
        return work;
    }

    @Override
    boolean hasInput() {
        return appMaster.hasInput();
    }
}
