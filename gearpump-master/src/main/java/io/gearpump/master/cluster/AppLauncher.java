package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.net.rpc.ConnectionLostException;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's hands on the workers: launches each application's AppMaster (again when it is lost,
 * a bounded number of times), the executors AppMasters ask for, and stops an ended application's
 * executors. Executor ids come from the replicated state, so they never repeat across leaders.
 */
final class AppLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(AppLauncher.class);
    private static final Duration LAUNCH_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final MasterReplica replica;
    private final ReentrantLock lock;
    private final SoftState soft;
    private final Leadership leadership;
    private final Clock clock;
    private final long orphanGraceMillis;

    /** {@code orphanGraceMillis}: how long a new leader waits for workers to report an application's AppMaster. */
    AppLauncher(MasterReplica replica, ReentrantLock lock, SoftState soft, Leadership leadership, Clock clock,
                long orphanGraceMillis) {
        this.replica = replica;
        this.lock = lock;
        this.soft = soft;
        this.leadership = leadership;
        this.clock = clock;
        this.orphanGraceMillis = orphanGraceMillis;
    }

    /**
     * A new submission: launched at once unless this is a retry of one already launched, or older
     * than this leader; returns whether it launches.
     */
    boolean submitted(int appId) {
        boolean launch;
        lock.lock();
        try {
            // one from before this master led is launchOrphans' to judge
            launch = appId > leadership.lastAppIdBeforeServing() && !soft.appMasters.knows(appId) && soft.launching.add(appId);
        } finally {
            lock.unlock();
        }
        if (launch) {
            Thread.ofVirtual().name("launch-appmaster-" + appId).start(() -> launchAppMaster(appId, true)); // answer at once
        }
        return launch;
    }

    /**
     * Applications no worker reported an AppMaster for since this master leads get one: a failover
     * between a submission and its launch, or an AppMaster lost while no master led.
     */
    void launchOrphans() {
        List<Integer> orphans = new ArrayList<>();
        lock.lock();
        try {
            if (!leadership.serving() || clock.millis() - leadership.servingSinceMillis() < orphanGraceMillis) {
                return; // workers are still coming back with their executors
            }
            for (MasterState.App a : replica.state().apps()) {
                if (!a.isFinal() && !soft.appMasters.knows(a.appId()) && !soft.launching.contains(a.appId())) {
                    orphans.add(a.appId());
                }
            }
        } finally {
            lock.unlock();
        }
        for (int appId : orphans) {
            LOG.warn("application {} has no AppMaster on any worker; launching one", appId);
            Thread.ofVirtual().name("launch-appmaster-" + appId).start(() -> launchAppMaster(appId, false));
        }
    }

    /** {@code failWithoutWorker}: false for an orphan, which waits for workers to come back instead. */
    private void launchAppMaster(int appId, boolean failWithoutWorker) {
        List<WorkerRegistry.Worker> chosen;
        MasterState.App app;
        lock.lock();
        try {
            app = replica.state().app(appId);
            if (app == null || app.isFinal()) {
                soft.launching.remove(appId);
                return; // killed or ended meanwhile
            }
            soft.launching.add(appId);
            chosen = soft.workers.place(1);
            if (!chosen.isEmpty()) {
                soft.runsOn(appId, chosen.get(0).id);
            }
        } finally {
            lock.unlock();
        }
        try {
            if (chosen.isEmpty()) {
                if (failWithoutWorker) {
                    setState(appId, AppState.FAILED, "no worker has a free slot for the AppMaster");
                }
                return;
            }
            WorkerRegistry.Worker w = chosen.get(0);
            try {
                w.endpoint.call(new LaunchExecutor(appId, 0, w.id, true, replica.membersList(), "", app.executors(),
                        app.startClockMillis()), LAUNCH_WAIT).join();
                lock.lock();
                try {
                    soft.appMasters.launched(appId, w.id, clock.millis());
                } finally {
                    lock.unlock();
                }
            } catch (RuntimeException e) {
                setState(appId, AppState.FAILED, "worker " + w.id + " could not launch the AppMaster: " + Failures.describe(e));
            } finally {
                released(List.of(w));
            }
        } finally {
            lock.lock();
            try {
                soft.launching.remove(appId);
            } finally {
                lock.unlock();
            }
        }
    }

    /** A running application without its AppMaster gets a new one (bounded), or ends FAILED. */
    void appMasterLost(int appId, String why) {
        boolean relaunch;
        lock.lock();
        try {
            MasterState.App app = replica.state().app(appId);
            if (app == null || app.isFinal()) {
                soft.appMasters.ended(appId);
                return;
            }
            relaunch = soft.appMasters.mayRelaunch(appId); // the watch handed this loss to us alone
        } finally {
            lock.unlock();
        }
        if (relaunch) {
            LOG.warn("application {}: AppMaster lost ({}); launching a new one", appId, why);
            launchAppMaster(appId, true);
        } else {
            setState(appId, AppState.FAILED, "the AppMaster was lost too often; last: " + why);
            stopExecutors(appId);
        }
    }

    /**
     * Starts the executors an AppMaster asks for, on the workers with the most free slots. A request
     * retried across a failover may start more than asked: the AppMaster puts every one to work.
     */
    ExecutorsGranted grantExecutors(RequestExecutors r) {
        List<WorkerRegistry.Worker> chosen;
        lock.lock();
        try {
            MasterState.App app = replica.state().known(r.appId());
            if (app.isFinal()) {
                throw new ClusterException(ClusterError.APP_ENDED, "application " + r.appId() + " has ended (" + app.state() + ")");
            }
            chosen = soft.workers.place(r.count());
            if (chosen.isEmpty()) {
                throw new ClusterException(ClusterError.NO_RESOURCES, "not enough free slots for " + r.count() + " executors ("
                        + soft.workers.freeSlots() + " free); use fewer -executors or add workers");
            }
            chosen.forEach(w -> soft.runsOn(r.appId(), w.id));
        } finally {
            lock.unlock();
        }
        Integer firstId;
        try {
            firstId = replica.replicate(new MasterCommand.AddExecutors(r.appId(), chosen.size()));
        } catch (RuntimeException e) {
            released(chosen);
            throw e;
        }
        if (firstId == null) {
            released(chosen);
            throw new ClusterException(ClusterError.APP_ENDED, "application " + r.appId() + " has ended");
        }
        List<CompletableFuture<ExecutorLaunched>> launches = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) { // all at once: JVM starts overlap
            WorkerRegistry.Worker w = chosen.get(i);
            launches.add(w.endpoint.call(new LaunchExecutor(r.appId(), firstId + i, w.id, false, replica.membersList(),
                    r.appMasterAddress(), 0, AppClock.NONE), LAUNCH_WAIT));
        }
        ArrayList<Integer> started = new ArrayList<>();
        ArrayList<Integer> startedOn = new ArrayList<>();
        for (int i = 0; i < launches.size(); i++) {
            int workerId = chosen.get(i).id;
            try {
                launches.get(i).join();
                started.add(firstId + i);
                startedOn.add(workerId);
            } catch (RuntimeException e) {
                LOG.warn("application {}: worker {} could not start executor {}: {}", r.appId(), workerId, firstId + i,
                        Failures.describe(e));
            }
        }
        released(chosen);
        if (started.isEmpty()) {
            throw new ClusterException(ClusterError.NO_RESOURCES, "no worker could start an executor for application " + r.appId());
        }
        return new ExecutorsGranted(started, startedOn);
    }

    void setState(int appId, AppState newState, String failure) {
        replica.replicate(new MasterCommand.SetAppState(appId, newState, failure));
        LOG.info("application {}: {}{}", appId, newState, failure == null ? "" : " (" + failure + ")");
    }

    void stopExecutors(int appId) {
        List<WorkerRegistry.Worker> targets = new ArrayList<>();
        lock.lock();
        try {
            for (int id : soft.workersByApp.getOrDefault(appId, Set.of())) {
                WorkerRegistry.Worker w = soft.workers.get(id);
                if (w != null) {
                    targets.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        for (WorkerRegistry.Worker w : targets) {
            try {
                w.endpoint.call(new StopExecutors(appId), STOP_WAIT).join();
            } catch (RuntimeException e) {
                if (Failures.root(e) instanceof ConnectionLostException) {
                    // the worker is gone, and its executors with it (they exit when their worker does)
                    LOG.info("worker {} went away before stopping application {}'s executors", w.id, appId);
                } else {
                    LOG.warn("worker {} could not stop the executors of application {}: {}", w.id, appId, Failures.describe(e));
                }
            }
        }
    }

    /** Launches to these workers are done (started or not): their slots count by heartbeat again. */
    private void released(List<WorkerRegistry.Worker> launched) {
        lock.lock();
        try {
            launched.forEach(w -> w.pending--);
        } finally {
            lock.unlock();
        }
    }
}
