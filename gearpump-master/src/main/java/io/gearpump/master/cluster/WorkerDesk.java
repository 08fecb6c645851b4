package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.HeartbeatAck;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.master.raft.LogEntry;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's side of the workers: registrations, heartbeats, and the check that declares silent
 * workers dead. Heartbeats also tell a new leader where every application's executors and AppMaster
 * run. A worker declared dead is retired in the replicated state before its AppMasters move, so no
 * later leader lets it back under that id with work that runs elsewhere now. An executor a heartbeat
 * shows serving an AppMaster that a newer one replaced is stopped. Confined to the master agent's
 * thread.
 */
final class WorkerDesk {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerDesk.class);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final MasterAgent agent;
    private final SoftState soft;
    private final AppLauncher launcher;

    WorkerDesk(MasterAgent agent, SoftState soft, AppLauncher launcher) {
        this.agent = agent;
        this.soft = soft;
        this.launcher = launcher;
    }

    /**
     * A worker registering again keeps its id if the group handed it out, never retired it, and this
     * master has not declared it dead (a reconnection, or a new leader); others take the next id.
     */
    CompletableFuture<WorkerRegistered> register(RegisterWorker r, Peer from) {
        if (agent.state().isActiveWorkerId(r.previousId()) && soft.workers.mayKeep(r.previousId())) {
            return CompletableFuture.completedFuture(registered(r.previousId(), r, from, " (again)"));
        }
        return agent.replication().propose(new MasterCommand.AddWorker(), LogEntry.NO_CLIENT).thenApplyAsync(id ->
                registered(id, r, from, r.previousId() > 0 ? " (was worker " + r.previousId() + ")" : ""), agent.onAgent());
    }

    private WorkerRegistered registered(int id, RegisterWorker r, Peer from, String note) {
        WorkerRegistry.Worker w = soft.workers.register(id, r.address(), r.slots(), from, agent.now()); // retires a stale entry
        LOG.info("worker {} registered from {} with {} slots{}", w.id, r.address(), r.slots(), note);
        return new WorkerRegistered(w.id, agent.settings().heartbeatMillis());
    }

    HeartbeatAck heartbeat(WorkerHeartbeat h) {
        WorkerRegistry.Worker w = soft.workers.get(h.workerId());
        if (w == null) {
            return new HeartbeatAck(false);
        }
        long now = agent.now();
        w.lastHeartbeatMillis = now;
        w.executors = List.copyOf(h.executors());
        w.used = (int) h.executors().stream().filter(ExecutorInfo::alive).count() + w.pending;
        adoptExecutors(w.id, h.executors());
        for (int appId : endedApps(h.executors())) { // e.g. killed while this worker was finding a new leader
            LOG.info("worker {} still runs executors of application {}, which has ended; stopping them", h.workerId(), appId);
            w.peer.call(new StopExecutors(appId), STOP_WAIT);
        }
        launcher.stopReplacedExecutors(w); // e.g. granted to an AppMaster cut off from the masters since
        for (int appId : soft.appMasters.lostOn(w.id, h.executors(), now, 3L * agent.settings().heartbeatMillis())) {
            launcher.appMasterLost(appId, "its process on worker " + h.workerId() + " is gone");
        }
        return new HeartbeatAck(true);
    }

    /** Applications with live executors that have ended, or that the replicated state does not know. */
    private Set<Integer> endedApps(List<ExecutorInfo> executors) {
        Set<Integer> ended = new HashSet<>();
        for (ExecutorInfo e : executors) {
            MasterState.App app = agent.state().app(e.appId());
            if (e.alive() && (app == null || app.isFinal())) {
                ended.add(e.appId());
            }
        }
        return ended;
    }

    /** What a worker runs tells a new leader where each application's executors and AppMaster are. */
    private void adoptExecutors(int workerId, List<ExecutorInfo> executors) {
        for (ExecutorInfo e : executors) {
            if (e.alive()) {
                soft.runsOn(e.appId(), workerId);
                if (e.executorId() == 0) {
                    soft.appMasters.adopt(e.appId(), workerId, agent.now());
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
        long timeout = agent.settings().workerTimeoutMillis();
        for (WorkerRegistry.Worker w : soft.workers.expire(agent.now(), timeout)) {
            LOG.warn("worker {} at {} is dead: {}", w.id, w.address, w.peer.isOpen()
                    ? "no heartbeat for " + timeout + " ms" : "its connection closed (" + w.peer.closeReason() + ")");
            w.peer.close("declared dead");
            soft.retiring.put(w.id, false);
        }
        List<Integer> toRetire = new ArrayList<>();
        soft.retiring.forEach((id, inFlight) -> {
            if (!inFlight) {
                toRetire.add(id);
            }
        });
        toRetire.forEach(this::retire);
    }

    private void retire(int workerId) {
        long term = agent.servingTerm();
        soft.retiring.put(workerId, true);
        agent.replication().propose(new MasterCommand.RetireWorker(workerId), LogEntry.NO_CLIENT).whenCompleteAsync((r, error) -> {
            if (agent.servingTerm() != term) {
                return; // a later term rebuilt the soft state: its leader judges the AppMasters afresh
            }
            if (error != null) {
                LOG.warn("worker {} is not retired yet ({}); trying again", workerId, Failures.describe(error));
                soft.retiring.put(workerId, false);
                return;
            }
            soft.retiring.remove(workerId);
            for (int appId : soft.appMasters.onDeadWorker(workerId)) {
                launcher.appMasterLost(appId, "worker " + workerId + " died");
            }
        }, agent.onAgent());
    }
}
