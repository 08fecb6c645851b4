package io.gearpump.master.cluster;

import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.HeartbeatAck;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.net.rpc.RpcEndpoint;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the workers: registrations, heartbeats, and the check that declares silent
 * workers dead. Heartbeats also tell a new leader where every application's executors and AppMaster
 * run. A worker declared dead is retired in the replicated state before its AppMasters move, so no
 * later leader lets it back under that id with work that runs elsewhere now.
 */
final class WorkerDesk {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerDesk.class);

    private final MasterReplica replica;
    private final ReentrantLock lock;
    private final SoftState soft;
    private final AppLauncher launcher;
    private final Leadership leadership;
    private final Clock clock;
    private final int heartbeatIntervalMillis;
    private final long timeoutMillis;

    WorkerDesk(MasterReplica replica, ReentrantLock lock, SoftState soft, AppLauncher launcher, Leadership leadership,
               Clock clock, int heartbeatIntervalMillis, long timeoutMillis) {
        this.leadership = leadership;
        this.replica = replica;
        this.lock = lock;
        this.soft = soft;
        this.launcher = launcher;
        this.clock = clock;
        this.heartbeatIntervalMillis = heartbeatIntervalMillis;
        this.timeoutMillis = timeoutMillis;
    }

    /**
     * A worker registering again keeps its id if the group handed it out, never retired it, and this
     * master has not declared it dead (a reconnection, or a new leader); others take the next id.
     */
    WorkerRegistered register(RegisterWorker r, RpcEndpoint endpoint) {
        lock.lock();
        try {
            if (replica.state().isActiveWorkerId(r.previousId()) && soft.workers.mayKeep(r.previousId())) {
                return registered(r.previousId(), r, endpoint, " (again)"); // checked and taken in one go
            }
        } finally {
            lock.unlock();
        }
        int id = replica.replicate(new MasterCommand.AddWorker());
        lock.lock();
        try {
            return registered(id, r, endpoint, r.previousId() > 0 ? " (was worker " + r.previousId() + ")" : "");
        } finally {
            lock.unlock();
        }
    }

    /** Under lock. */
    private WorkerRegistered registered(int id, RegisterWorker r, RpcEndpoint endpoint, String note) {
        WorkerRegistry.Worker w = soft.workers.register(id, r.address(), r.slots(), endpoint, clock.millis()); // retires a stale entry
        LOG.info("worker {} registered from {} with {} slots{}", w.id, r.address(), r.slots(), note);
        return new WorkerRegistered(w.id, heartbeatIntervalMillis);
    }

    HeartbeatAck heartbeat(WorkerHeartbeat h) {
        List<Integer> lost;
        Set<Integer> ended;
        WorkerRegistry.Worker w;
        lock.lock();
        try {
            w = soft.workers.get(h.workerId());
            if (w == null) {
                return new HeartbeatAck(false);
            }
            w.lastHeartbeatMillis = clock.millis();
            w.used = (int) h.executors().stream().filter(ExecutorInfo::alive).count() + w.pending;
            adoptExecutors(w.id, h.executors());
            lost = soft.appMasters.lostOn(w.id, h.executors(), clock.millis(), 3L * heartbeatIntervalMillis);
            ended = endedApps(h.executors());
        } finally {
            lock.unlock();
        }
        for (int appId : ended) { // e.g. killed while this worker was finding a new leader
            LOG.info("worker {} still runs executors of application {}, which has ended; stopping them", h.workerId(), appId);
            w.endpoint.call(new StopExecutors(appId), Duration.ofSeconds(10));
        }
        lost.forEach(appId -> Thread.ofVirtual().start(
                () -> launcher.appMasterLost(appId, "its process on worker " + h.workerId() + " is gone")));
        return new HeartbeatAck(true);
    }

    /** Under lock: applications with live executors that have ended, or that the replicated state does not know. */
    private Set<Integer> endedApps(List<ExecutorInfo> executors) {
        Set<Integer> ended = new HashSet<>();
        for (ExecutorInfo e : executors) {
            MasterState.App app = replica.state().app(e.appId());
            if (e.alive() && (app == null || app.isFinal())) {
                ended.add(e.appId());
            }
        }
        return ended;
    }

    /** Under lock: what a worker runs tells a new leader where each application's executors and AppMaster are. */
    private void adoptExecutors(int workerId, List<ExecutorInfo> executors) {
        for (ExecutorInfo e : executors) {
            if (e.alive()) {
                soft.runsOn(e.appId(), workerId);
                if (e.executorId() == 0) {
                    soft.appMasters.adopt(e.appId(), workerId, clock.millis());
                }
            }
        }
    }

    /**
     * Declares workers silent for longer than the timeout (or disconnected) dead, and retires each
     * in the replicated state before its AppMasters are launched elsewhere. A retirement that does
     * not commit is tried again at the next check while this master serves the same term.
     */
    void expire() {
        long term = leadership.term();
        List<Integer> toRetire = new ArrayList<>();
        lock.lock();
        try {
            for (WorkerRegistry.Worker w : soft.workers.expire(clock.millis(), timeoutMillis)) {
                LOG.warn("worker {} at {} is dead: {}", w.id, w.address, w.endpoint.isOpen()
                        ? "no heartbeat for " + timeoutMillis + " ms" : "its connection closed (" + w.endpoint.closeReason() + ")");
                w.endpoint.close("declared dead");
                soft.retiring.put(w.id, false);
            }
            soft.retiring.forEach((id, inFlight) -> {
                if (!inFlight) {
                    toRetire.add(id);
                }
            });
            toRetire.forEach(id -> soft.retiring.put(id, true));
        } finally {
            lock.unlock();
        }
        toRetire.forEach(id -> Thread.ofVirtual().name("retire-worker-" + id).start(() -> retire(id, term)));
    }

    private void retire(int workerId, long term) {
        try {
            replica.replicate(new MasterCommand.RetireWorker(workerId));
        } catch (RuntimeException e) {
            LOG.warn("worker {} is not retired yet ({}); trying again", workerId, Failures.describe(e));
            lock.lock();
            try {
                if (leadership.term() == term) {
                    soft.retiring.put(workerId, false);
                }
            } finally {
                lock.unlock();
            }
            return;
        }
        List<Integer> lost;
        lock.lock();
        try {
            if (leadership.term() != term) {
                return; // a later term rebuilt the soft state: its leader judges the AppMasters afresh
            }
            soft.retiring.remove(workerId);
            lost = soft.appMasters.onDeadWorker(workerId);
        } finally {
            lock.unlock();
        }
        lost.forEach(appId -> Thread.ofVirtual().start(() -> launcher.appMasterLost(appId, "worker " + workerId + " died")));
    }
}
