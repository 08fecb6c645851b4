package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutor;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.net.rpc.ConnectionLostException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The leader's hands on the workers: launches each application's AppMaster (again when it is lost,
 * a bounded number of times), the executors AppMasters ask for, and stops an ended application's
 * executors. Executor ids come from the replicated state, so they never repeat across leaders.
 * Every AppMaster but an application's first is recorded as the application's next epoch before it
 * is launched: from then on the one it replaces is refused, whichever master leads, and the
 * executors that serve it are stopped (on the workers whose heartbeats show them: at once, and at
 * every heartbeat that shows them still), so its tasks do not run on beside the new one's wherever
 * the masters can reach.
 * Confined to the master agent's thread: every call to a worker continues there when it is answered.
 */
final class AppLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(AppLauncher.class);
    private static final Duration LAUNCH_WAIT = Duration.ofSeconds(30);
    private static final Duration STOP_WAIT = Duration.ofSeconds(10);

    private final MasterAgent agent;
    private final SoftState soft;

    AppLauncher(MasterAgent agent, SoftState soft) {
        this.agent = agent;
        this.soft = soft;
    }

    /**
     * A new submission: launched at once unless this is a retry of one already launched, or older
     * than this leader; returns whether it launches.
     */
    boolean submitted(int appId) {
        // one from before this master led is launchOrphans' to judge
        boolean launch = appId > agent.lastAppIdBeforeServing() && !soft.appMasters.knows(appId) && !soft.launching.contains(appId)
                && !soft.awaitingSlot.containsKey(appId);
        if (launch) {
            launchAppMaster(appId, true);
        }
        return launch;
    }

    /**
     * Applications no worker reported an AppMaster for since this master leads get one: a failover
     * between a submission and its launch, or an AppMaster lost while no master led.
     */
    void launchOrphans() {
        if (agent.now() - agent.servingSinceMillis() < agent.settings().orphanGraceMillis()) {
            return; // workers are still coming back with their executors
        }
        for (MasterState.App a : agent.state().apps()) {
            if (!a.isFinal() && !soft.appMasters.knows(a.appId()) && !soft.launching.contains(a.appId())
                    && !soft.awaitingSlot.containsKey(a.appId())) {
                LOG.warn("application {} has no AppMaster on any worker; launching one", a.appId());
                launchAppMaster(a.appId(), false); // the workers had their grace to come back: no room is waited out, then FAILED
            }
        }
    }

    /**
     * {@code first}: the application's first AppMaster, of the epoch its submission recorded; any other is
     * first recorded as the next epoch. Without a worker with room it waits (see {@link #noWorker}).
     */
    private void launchAppMaster(int appId, boolean first) {
        MasterState.App app = agent.state().app(appId);
        if (app == null || app.isFinal()) {
            return; // killed or ended meanwhile
        }
        if (!soft.workers.hasFreeSlot()) {
            noWorker(appId, first);
            return;
        }
        if (first) {
            launchAppMasterOfEpoch(appId, app.appMasterEpoch());
            return;
        }
        soft.launching.add(appId);
        long term = agent.servingTerm();
        MasterCommand.ReplaceAppMaster replace = new MasterCommand.ReplaceAppMaster(appId);
        agent.replication().propose(replace, LogEntry.NO_CLIENT).whenCompleteAsync((epoch, error) -> {
            if (agent.servingTerm() != term) {
                return; // a later term judges the application afresh
            }
            soft.launching.remove(appId);
            if (error != null) { // the orphan check tries again
                LOG.warn("application {}: a new AppMaster could not be recorded: {}", appId, Failures.describe(error));
                soft.appMasters.ended(appId);
            } else if (epoch != null) { // else it ended meanwhile
                LOG.info("application {}: AppMaster epoch {}", appId, epoch);
                soft.workers.all().stream().filter(WorkerRegistry.Worker::isUsable).forEach(this::stopReplacedExecutors);
                launchAppMasterOfEpoch(appId, epoch);
            }
        }, agent.onAgent());
    }

    /**
     * No worker has room for the AppMaster now: it waits as long as workers take to (re)register after a
     * master starts or a worker is lost, tried again at every check, and then the application FAILS with
     * the reason.
     */
    private void noWorker(int appId, boolean first) {
        SoftState.AwaitingSlot waiting = soft.awaitingSlot.get(appId);
        if (waiting == null) {
            soft.awaitingSlot.put(appId, new SoftState.AwaitingSlot(first, agent.now()));
            LOG.info("application {}: waiting up to {} ms for a worker with a free slot for its AppMaster", appId,
                    agent.settings().orphanGraceMillis());
        } else if (agent.now() - waiting.sinceMillis() >= agent.settings().orphanGraceMillis()) {
            soft.awaitingSlot.remove(appId);
            setState(appId, AppState.FAILED, "no worker had a free slot for the AppMaster within "
                    + agent.settings().orphanGraceMillis() + " ms");
        }
    }

    /** The applications waiting for a slot for their AppMaster try again (or fail, once they waited long enough). */
    void retryAwaitingSlot() {
        for (Map.Entry<Integer, SoftState.AwaitingSlot> e : new ArrayList<>(soft.awaitingSlot.entrySet())) {
            MasterState.App app = agent.state().app(e.getKey());
            if (app == null || app.isFinal()) {
                soft.awaitingSlot.remove(e.getKey());
            } else {
                launchAppMaster(e.getKey(), e.getValue().first());
            }
        }
    }

    private void launchAppMasterOfEpoch(int appId, int epoch) {
        MasterState.App app = agent.state().app(appId);
        if (app == null || app.isFinal()) {
            return;
        }
        List<WorkerRegistry.Worker> chosen = soft.workers.place(1);
        if (chosen.isEmpty()) {
            noWorker(appId, true); // the epoch is recorded: a retry launches it as it is
            return;
        }
        WorkerRegistry.Worker w = chosen.get(0);
        soft.runsOn(appId, w.id);
        soft.awaitingSlot.remove(appId);
        soft.launching.add(appId);
        long term = agent.servingTerm();
        LaunchExecutor launch = new LaunchExecutor(appId, 0, w.id, true, agent.replication().membersList(), "",
                app.executors(), app.startClockMillis(), epoch, app.checkpoint().id());
        w.peer.call(launch, LAUNCH_WAIT).whenCompleteAsync((launched, error) -> {
            w.pending--;
            if (agent.servingTerm() != term) {
                return; // a later term judges the application afresh
            }
            soft.launching.remove(appId);
            if (error == null || Failures.outcomeUnknown(error)) { // unknown: the worker's heartbeats tell whether it runs
                soft.appMasters.launched(appId, w.id, agent.now());
            } else { // the worker refused: like an AppMaster lost at once, launched elsewhere while relaunches are left
                soft.appMasters.launchFailed(appId, agent.now());
                appMasterLost(appId, "worker " + w.id + " could not launch it: " + Failures.describe(error));
            }
        }, agent.onAgent());
    }

    /** A running application without its AppMaster gets a new one (bounded), or ends FAILED. */
    void appMasterLost(int appId, String why) {
        MasterState.App app = agent.state().app(appId);
        if (app == null || app.isFinal()) {
            soft.appMasters.ended(appId);
            return;
        }
        if (soft.appMasters.mayRelaunch(appId)) { // the watch handed this loss to us alone
            LOG.warn("application {}: AppMaster lost ({}); launching a new one", appId, why);
            launchAppMaster(appId, false);
        } else {
            setState(appId, AppState.FAILED, (agent.settings().maxAppMasterRelaunches() == 0
                    ? "the AppMaster was lost and no relaunch is allowed (gearpump.app.max.restarts = 0): "
                    : "the AppMaster was lost too often; last: ") + why)
                    .thenRunAsync(() -> stopExecutors(appId), agent.onAgent());
        }
    }

    /**
     * Starts the executors an AppMaster asks for, on the workers with the most free slots. A request
     * retried across a failover may start more than asked: the AppMaster puts every one to work.
     */
    CompletableFuture<ExecutorsGranted> grantExecutors(RequestExecutors r) {
        MasterState.App app = agent.state().known(r.appId());
        if (app.isFinal()) {
            throw new ClusterException(ClusterError.APP_ENDED, "application " + r.appId() + " has ended (" + app.state() + ")");
        }
        List<WorkerRegistry.Worker> chosen = soft.workers.place(r.count());
        if (chosen.isEmpty()) {
            throw new ClusterException(ClusterError.NO_RESOURCES, "not enough free slots for " + r.count() + " executors ("
                    + soft.workers.freeSlots() + " free); use fewer -executors or add workers");
        }
        chosen.forEach(w -> soft.runsOn(r.appId(), w.id));
        MasterCommand.AddExecutors add = new MasterCommand.AddExecutors(r.appId(), chosen.size(), r.epoch());
        return agent.replication().propose(add, LogEntry.NO_CLIENT)
                .whenCompleteAsync((firstId, error) -> {
                    if (error != null || firstId == null) {
                        released(chosen);
                    }
                }, agent.onAgent())
                .thenComposeAsync(firstId -> {
                    if (firstId == null) { // refused when applied: the application ended, or its AppMaster was replaced
                        MasterState.App now = agent.state().known(r.appId());
                        throw now.isFinal()
                                ? new ClusterException(ClusterError.APP_ENDED, "application " + r.appId() + " has ended")
                                : new ClusterException(ClusterError.SUPERSEDED, "application " + r.appId()
                                        + " has a newer AppMaster (epoch " + now.appMasterEpoch() + ") than this one (epoch "
                                        + r.epoch() + ")");
                    }
                    return launchExecutors(r, chosen, firstId);
                }, agent.onAgent());
    }

    /** All at once (JVM starts overlap); the grant names those that started. */
    private CompletableFuture<ExecutorsGranted> launchExecutors(RequestExecutors r, List<WorkerRegistry.Worker> chosen, int firstId) {
        List<CompletableFuture<Boolean>> launches = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) {
            WorkerRegistry.Worker w = chosen.get(i);
            int executorId = firstId + i;
            launches.add(w.peer.call(new LaunchExecutor(r.appId(), executorId, w.id, false, agent.replication().membersList(),
                    r.appMasterAddress(), 0, AppClock.NONE, r.epoch(), 0), LAUNCH_WAIT).handle((launched, error) -> {
                        if (error != null) {
                            LOG.warn("application {}: worker {} could not start executor {}: {}", r.appId(), w.id, executorId,
                                    Failures.describe(error));
                        }
                        return error == null;
                    }));
        }
        return CompletableFuture.allOf(launches.toArray(CompletableFuture[]::new)).thenApplyAsync(all -> {
            released(chosen);
            ArrayList<Integer> started = new ArrayList<>();
            ArrayList<Integer> startedOn = new ArrayList<>();
            for (int i = 0; i < chosen.size(); i++) {
                if (launches.get(i).join()) {
                    started.add(firstId + i);
                    startedOn.add(chosen.get(i).id);
                }
            }
            if (started.isEmpty()) {
                throw new ClusterException(ClusterError.NO_RESOURCES, "no worker could start an executor for application " + r.appId());
            }
            return new ExecutorsGranted(started, startedOn);
        }, agent.onAgent());
    }

    /** Replicates the application's new state; logged once applied, and when it could not be. */
    CompletableFuture<Integer> setState(int appId, AppState newState, String failure) {
        return agent.replication().propose(new MasterCommand.SetAppState(appId, newState, failure), LogEntry.NO_CLIENT)
                .whenComplete((applied, error) -> {
                    if (error == null) {
                        LOG.info("application {}: {}{}", appId, newState, failure == null ? "" : " (" + failure + ")");
                    } else {
                        LOG.warn("application {}: {} was not replicated: {}", appId, newState, Failures.describe(error));
                    }
                });
    }

    /** Asks every worker that runs executors of the application to stop them; completes when all answered. */
    CompletableFuture<Void> stopExecutors(int appId) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int id : soft.workersByApp.getOrDefault(appId, Set.of())) {
            WorkerRegistry.Worker w = soft.workers.get(id);
            if (w != null) {
                stops.add(w.peer.call(new StopExecutors(appId), STOP_WAIT).handle((done, error) -> {
                    if (error == null) {
                        return null;
                    }
                    if (Failures.root(error) instanceof ConnectionLostException) {
                        // the worker is gone, and its executors with it (they exit when their worker does)
                        LOG.info("worker {} went away before stopping application {}'s executors", w.id, appId);
                    } else {
                        LOG.warn("worker {} could not stop the executors of application {}: {}", w.id, appId, Failures.describe(error));
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }

    /** Stops the live executors {@code w}'s last heartbeat showed serving an AppMaster that was replaced since. */
    void stopReplacedExecutors(WorkerRegistry.Worker w) {
        for (ExecutorInfo e : w.executors) {
            MasterState.App app = agent.state().app(e.appId());
            if (e.alive() && app != null && !app.isFinal() && app.servesAReplacedAppMaster(e.executorId())) {
                LOG.info("worker {} runs executor {} of application {} for a replaced AppMaster; stopping it", w.id,
                        e.executorId(), e.appId());
                w.peer.call(new StopExecutor(e.appId(), e.executorId()), STOP_WAIT);
            }
        }
    }

    /** Launches to these workers are done (started or not): their slots count by heartbeat again. */
    private static void released(List<WorkerRegistry.Worker> launched) {
        launched.forEach(w -> w.pending--);
    }
}
