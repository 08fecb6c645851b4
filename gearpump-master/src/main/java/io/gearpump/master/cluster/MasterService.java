package io.gearpump.master.cluster;

import io.gearpump.core.cluster.ClusterProtocol.AppBundle;
import io.gearpump.core.cluster.ClusterProtocol.AppFinished;
import io.gearpump.core.cluster.ClusterProtocol.AppList;
import io.gearpump.core.cluster.ClusterProtocol.AppReport;
import io.gearpump.core.cluster.ClusterProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClusterProtocol.AppSummary;
import io.gearpump.core.cluster.ClusterProtocol.ClusterReport;
import io.gearpump.core.cluster.ClusterProtocol.Done;
import io.gearpump.core.cluster.ClusterProtocol.DrainApp;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.ClusterProtocol.FetchJar;
import io.gearpump.core.cluster.ClusterProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClusterProtocol.GetCluster;
import io.gearpump.core.cluster.ClusterProtocol.GetMasterStatus;
import io.gearpump.core.cluster.ClusterProtocol.HeartbeatAck;
import io.gearpump.core.cluster.ClusterProtocol.KillApp;
import io.gearpump.core.cluster.ClusterProtocol.LaunchExecutor;
import io.gearpump.core.cluster.ClusterProtocol.ListApps;
import io.gearpump.core.cluster.ClusterProtocol.MasterInfo;
import io.gearpump.core.cluster.ClusterProtocol.RegisterWorker;
import io.gearpump.core.cluster.ClusterProtocol.ReportApp;
import io.gearpump.core.cluster.ClusterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterProtocol.StopApp;
import io.gearpump.core.cluster.ClusterProtocol.StopExecutors;
import io.gearpump.core.cluster.ClusterProtocol.SubmitApp;
import io.gearpump.core.cluster.ClusterProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.ClusterProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterProtocol.WorkerRegistered;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorInfo;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.RedirectException;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master: one member of the master group. The leader takes submissions, keeps applications and
 * workers, launches each application's AppMaster on a worker and the executors the AppMaster asks
 * for, and answers list, status, kill and cluster queries; the others answer with a redirect to it.
 * Durable changes are {@link MasterCommand}s replicated by Raft ({@link MasterReplica}) and applied
 * on every master; reads wait for a ReadIndex barrier so a deposed leader never answers from stale
 * state. Workers, their executors and the AppMasters' whereabouts are soft state, rebuilt by a new
 * leader from registrations and heartbeats. Requests run on their own virtual threads; shared state
 * is guarded by {@code lock}, which Raft's apply takes too, so nothing waits on Raft holding it.
 */
public final class MasterService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterService.class);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

    private final NodeContext node;
    private final Clock clock;
    private final RpcServer server;
    private final String address;
    private final ReentrantLock lock = new ReentrantLock();
    private final MasterReplica replica;
    private final WorkerRegistry workers = new WorkerRegistry();
    private final Map<Integer, ReportApp> reports = new HashMap<>();
    private final Map<Integer, RpcEndpoint> appMasterEndpoints = new HashMap<>();
    private final Map<Integer, Set<Integer>> workersByApp = new HashMap<>();
    private final Map<Integer, Integer> lastExecutorId = new HashMap<>();
    private final Set<Integer> launching = new HashSet<>(); // AppMaster launches under way
    /** The term this master serves as leader in (after its barrier), or -1. */
    private volatile long servingTerm = -1;
    private long servingSinceMillis; // under lock
    private int lastAppIdBeforeServing; // under lock: older applications are launched by launchOrphans only
    private boolean becomingLeader; // timer thread only
    private final long workerTimeoutMillis;
    private final long orphanGraceMillis;
    private final AppMasterWatch appMasters;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("master-timer").factory());

    /**
     * Starts a master listening on {@code bindAddress}, a member of {@code gearpump.cluster.masters}
     * (with one master listed, any address: port 0 too), keeping its Raft log in {@code storage}.
     */
    public MasterService(NodeContext node, InetSocketAddress bindAddress, Clock clock, RaftStorage storage) throws IOException {
        this.node = node;
        this.clock = clock;
        this.workerTimeoutMillis = node.config().get(GearConfig.HEARTBEAT_TIMEOUT_MS);
        // a worker may notice a silent dead leader only after its heartbeat timeout, then look for the
        // new one, register and report its executors a heartbeat later
        this.orphanGraceMillis = workerTimeoutMillis + node.config().get(GearConfig.FAILOVER_TIMEOUT_MS)
                + 3L * node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS);
        this.appMasters = new AppMasterWatch(node.config().get(GearConfig.APP_MAX_RESTARTS));
        AtomicReference<Session.KindHandler> raftFrames = new AtomicReference<>(); // frames may come once we listen
        this.server = node.serve(bindAddress, endpoint -> handler(endpoint), java.util.Map.of(FrameKind.RAFT,
                (c, payload) -> {
                    Session.KindHandler h = raftFrames.get();
                    if (h != null) {
                        h.onFrame(c, payload);
                    }
                }));
        try {
            MasterGroup group = MasterGroup.of(node.config().get(GearConfig.MASTERS), server.address());
            this.replica = new MasterReplica(node, group.self(), group.members(), storage, lock);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        this.address = replica.self();
        raftFrames.set(replica.inbound());
        timer.scheduleAtFixedRate(this::watchLeadership, MasterReplica.TICK_MILLIS, MasterReplica.TICK_MILLIS, TimeUnit.MILLISECONDS);
        long check = Math.max(100, workerTimeoutMillis / 4);
        timer.scheduleAtFixedRate(this::expireWorkers, check, check, TimeUnit.MILLISECONDS);
        LOG.info("master listening on {}, one of {}", address, replica.membersList());
    }

    /** The node a master runs on: the cluster's wire types and Raft's. */
    public static NodeContext startNode(String name, GearConfig config, ClassLoader userTypes) {
        return NodeContext.start(name, config, userTypes, io.gearpump.master.raft.RaftWireTypes.ENTRIES);
    }

    /** This master's address, as the master group names it. */
    public String address() {
        return address;
    }

    private RequestHandler handler(RpcEndpoint endpoint) {
        return request -> {
            if (request instanceof GetMasterStatus) {
                return replica.info(); // every master answers this one
            }
            requireLeader();
            return switch (request) {
                case SubmitApp s -> submit(s);
                case ListApps l -> list();
                case GetAppStatus g -> status(g.appId());
                case KillApp k -> kill(k.appId());
                case StopApp st -> stop(st.appId());
                case GetCluster c -> cluster();
                case RegisterWorker r -> registerWorker(r, endpoint);
                case WorkerHeartbeat h -> heartbeat(h);
                case FetchJar f -> bundle(f.appId());
                case RequestExecutors r -> {
                    appMasterEndpoint(r.appId(), endpoint);
                    yield grantExecutors(r);
                }
                case ReportApp r -> {
                    appMasterEndpoint(r.appId(), endpoint); // after a failover, reports are the first word from an AppMaster
                    yield report(r);
                }
                case AppFinished f -> finished(f);
                default -> throw new IllegalArgumentException("the master does not serve " + request.getClass().getSimpleName());
            };
        };
    }

    private void requireLeader() {
        if (servingTerm < 0) {
            throw new RedirectException(replica.leaderHint(), "master " + address + " is not the leader");
        }
    }

    // ------------------------------------------------------------------ leadership

    /** Notices this master becoming or ceasing to be the leader (timer thread). */
    private void watchLeadership() {
        try {
            RaftHost.Status s = replica.status();
            boolean leads = s.role() == Role.LEADER && !s.stopped();
            if (leads && servingTerm != s.term() && !becomingLeader) {
                becomingLeader = true;
                long term = s.term();
                Thread.ofVirtual().name("master-becomes-leader").start(() -> becomeLeader(term));
            } else if (!leads && servingTerm >= 0) {
                stepDown(s);
            }
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.error("watching the Raft role failed", e);
        }
    }

    /** Serves once everything committed before this term is applied here; soft state starts empty. */
    private void becomeLeader(long term) {
        try {
            replica.barrier();
            int apps;
            lock.lock();
            try {
                RaftHost.Status now = replica.status();
                if (now.role() != Role.LEADER || now.term() != term) {
                    return; // lost it during the barrier
                }
                resetSoftState();
                servingSinceMillis = clock.millis();
                lastAppIdBeforeServing = replica.state().lastAppId();
                apps = replica.state().apps().size();
                servingTerm = term;
            } finally {
                lock.unlock();
            }
            LOG.info("master {} leads (term {}); {} applications", address, term, apps);
        } catch (RuntimeException e) {
            LOG.info("master {} won term {} but lost it before serving: {}", address, term, e.getMessage());
        } finally {
            try {
                timer.execute(() -> becomingLeader = false);
            } catch (java.util.concurrent.RejectedExecutionException closed) {
                // the master is closing
            }
        }
    }

    private void stepDown(RaftHost.Status s) {
        servingTerm = -1;
        List<RpcEndpoint> peers = new ArrayList<>();
        lock.lock();
        try {
            workers.all().forEach(w -> peers.add(w.endpoint));
            peers.addAll(appMasterEndpoints.values());
            resetSoftState();
        } finally {
            lock.unlock();
        }
        LOG.warn("master {} no longer leads ({} in term {}, leader {})", address, s.role(), s.term(),
                s.leader().isEmpty() ? "unknown" : s.leader());
        peers.forEach(e -> e.close("master " + address + " no longer leads")); // they find the new leader at once
    }

    /** Under lock. */
    private void resetSoftState() {
        workers.clear();
        reports.clear();
        appMasterEndpoints.clear();
        workersByApp.clear();
        lastExecutorId.clear();
        launching.clear();
        appMasters.clear();
    }

    /**
     * Applications no worker reported an AppMaster for since this master leads get one: a failover
     * between a submission and its launch, or an AppMaster lost while no master led.
     */
    private void launchOrphans() {
        List<Integer> orphans = new ArrayList<>();
        lock.lock();
        try {
            if (servingTerm < 0 || clock.millis() - servingSinceMillis < orphanGraceMillis) {
                return; // workers are still coming back with their executors
            }
            for (MasterState.App a : replica.state().apps()) {
                if (!a.isFinal() && !appMasters.knows(a.appId()) && !launching.contains(a.appId())) {
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

    // ------------------------------------------------------------------ clients

    private AppSubmitted submit(SubmitApp s) {
        if (s.jar() == null || s.jar().length < 4 || !java.util.Arrays.equals(s.jar(), 0, 4, ZIP_MAGIC, 0, 4)) {
            throw new IllegalArgumentException("'" + s.jarName() + "' is not a jar (not a zip file)");
        }
        if (s.app() == null || s.app().length == 0) {
            throw new IllegalArgumentException("the submission has no application description");
        }
        int appId = replica.replicate(new MasterCommand.AddApp(s.name(), s.user(), s.jarName(), s.jar(), s.app(),
                Math.max(1, s.executors()), clock.millis()), s.submissionId());
        boolean launch;
        lock.lock();
        try {
            // a retried submission launches once; one from before this master led is launchOrphans' to judge
            launch = appId > lastAppIdBeforeServing && !appMasters.knows(appId) && launching.add(appId);
        } finally {
            lock.unlock();
        }
        if (launch) {
            LOG.info("application {} ({}) submitted by {}", appId, s.name(), s.user());
            Thread.ofVirtual().name("launch-appmaster-" + appId).start(() -> launchAppMaster(appId, true)); // answer at once
        }
        return new AppSubmitted(appId);
    }

    /** {@code failWithoutWorker}: false for an orphan, which waits for workers to come back instead. */
    private void launchAppMaster(int appId, boolean failWithoutWorker) {
        List<WorkerRegistry.Worker> chosen;
        lock.lock();
        try {
            MasterState.App app = replica.state().app(appId);
            if (app == null || app.isFinal()) {
                launching.remove(appId);
                return; // killed or ended meanwhile
            }
            launching.add(appId);
            chosen = workers.place(1);
            if (!chosen.isEmpty()) {
                workersByApp.computeIfAbsent(appId, k -> new HashSet<>()).add(chosen.get(0).id);
            }
        } finally {
            lock.unlock();
        }
        try {
            if (chosen.isEmpty()) {
                if (failWithoutWorker) {
                    setState(appId, "FAILED", "no worker has a free slot for the AppMaster");
                }
                return;
            }
            WorkerRegistry.Worker w = chosen.get(0);
            try {
                w.endpoint.request(new LaunchExecutor(appId, 0, w.id, true, replica.membersList(), ""), Duration.ofSeconds(30)).join();
                lock.lock();
                try {
                    appMasters.launched(appId, w.id, clock.millis());
                } finally {
                    lock.unlock();
                }
            } catch (RuntimeException e) {
                setState(appId, "FAILED", "worker " + w.id + " could not launch the AppMaster: " + Failures.describe(e));
            } finally {
                released(List.of(w));
            }
        } finally {
            lock.lock();
            try {
                launching.remove(appId);
            } finally {
                lock.unlock();
            }
        }
    }

    private AppList list() {
        replica.barrier();
        lock.lock();
        try {
            ArrayList<AppSummary> out = new ArrayList<>();
            replica.state().apps().forEach(a -> out.add(summary(a)));
            return new AppList(out);
        } finally {
            lock.unlock();
        }
    }

    private AppReport status(int appId) {
        replica.barrier();
        lock.lock();
        try {
            MasterState.App app = known(appId);
            return new AppReport(summary(app), reports.get(appId));
        } finally {
            lock.unlock();
        }
    }

    private AppSummary kill(int appId) {
        replica.barrier();
        lock.lock();
        try {
            known(appId);
        } finally {
            lock.unlock();
        }
        setState(appId, "KILLED", "killed by request");
        stopExecutors(appId);
        return status(appId).summary();
    }

    /** Asks the AppMaster to drain the application; without one (yet), the application is killed. */
    private AppSummary stop(int appId) {
        replica.barrier();
        RpcEndpoint am;
        lock.lock();
        try {
            known(appId);
            am = appMasterEndpoints.get(appId);
        } finally {
            lock.unlock();
        }
        if (am == null || !am.isOpen()) {
            return kill(appId);
        }
        am.request(new DrainApp(appId), Duration.ofSeconds(10)).join();
        return status(appId).summary();
    }

    private void appMasterEndpoint(int appId, RpcEndpoint endpoint) {
        lock.lock();
        try {
            appMasterEndpoints.put(appId, endpoint);
        } finally {
            lock.unlock();
        }
    }

    /** This master's Raft status and the workers; a client asks the other masters for theirs. */
    private ClusterReport cluster() {
        lock.lock();
        try {
            ArrayList<MasterInfo> masters = new ArrayList<>();
            masters.add(replica.info());
            ArrayList<WorkerInfo> ws = new ArrayList<>();
            for (WorkerRegistry.Worker w : workers.all()) {
                ws.add(new WorkerInfo(w.id, w.address, w.slots, w.used, w.lastHeartbeatMillis, w.alive ? "ALIVE" : "DEAD"));
            }
            return new ClusterReport(masters, ws);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ workers

    /** A worker registering again keeps its id unless declared dead (see {@link WorkerRegistry#mayKeep}); new ones take the next replicated id. */
    private WorkerRegistered registerWorker(RegisterWorker r, RpcEndpoint endpoint) {
        boolean keepsId;
        lock.lock();
        try {
            keepsId = r.previousId() > 0 && r.previousId() <= replica.state().lastWorkerId() && workers.mayKeep(r.previousId());
        } finally {
            lock.unlock();
        }
        int id = keepsId ? r.previousId() : replica.replicate(new MasterCommand.AddWorker());
        lock.lock();
        try {
            WorkerRegistry.Worker w = workers.register(id, r.address(), r.slots(), endpoint, clock.millis()); // retires a stale entry
            LOG.info("worker {} registered from {} with {} slots{}", w.id, r.address(), r.slots(), keepsId ? " (again)" : "");
            return new WorkerRegistered(w.id, node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS));
        } finally {
            lock.unlock();
        }
    }

    private HeartbeatAck heartbeat(WorkerHeartbeat h) {
        List<Integer> lost;
        Set<Integer> ended;
        WorkerRegistry.Worker w;
        lock.lock();
        try {
            w = workers.get(h.workerId());
            if (w == null) {
                return new HeartbeatAck(false);
            }
            w.lastHeartbeatMillis = clock.millis();
            w.used = (int) h.executors().stream().filter(e -> e.alive()).count() + w.pending;
            adoptExecutors(w.id, h.executors());
            lost = appMasters.lostOn(w.id, h.executors(), clock.millis(),
                    3L * node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS));
            ended = endedApps(h.executors());
        } finally {
            lock.unlock();
        }
        for (int appId : ended) { // e.g. killed while this worker was finding a new leader
            LOG.info("worker {} still runs executors of application {}, which has ended; stopping them", h.workerId(), appId);
            w.endpoint.request(new StopExecutors(appId), Duration.ofSeconds(10));
        }
        lost.forEach(appId -> Thread.ofVirtual().start(() -> appMasterLost(appId, "its process on worker " + h.workerId() + " is gone")));
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

    /**
     * Under lock: what a worker runs tells a new leader where each application's executors and
     * AppMaster are, and which executor ids are taken.
     */
    private void adoptExecutors(int workerId, List<ExecutorInfo> executors) {
        for (ExecutorInfo e : executors) {
            if (!e.alive()) {
                continue;
            }
            workersByApp.computeIfAbsent(e.appId(), k -> new HashSet<>()).add(workerId);
            lastExecutorId.merge(e.appId(), e.executorId(), Math::max);
            if (e.executorId() == 0) {
                appMasters.adopt(e.appId(), workerId, clock.millis());
            }
        }
    }

    /** A running application without its AppMaster gets a new one (bounded), or ends FAILED. */
    private void appMasterLost(int appId, String why) {
        boolean relaunch;
        lock.lock();
        try {
            MasterState.App app = replica.state().app(appId);
            if (app == null || app.isFinal()) {
                appMasters.ended(appId);
                return;
            }
            relaunch = appMasters.mayRelaunch(appId); // the watch handed this loss to us alone
        } finally {
            lock.unlock();
        }
        if (relaunch) {
            LOG.warn("application {}: AppMaster lost ({}); launching a new one", appId, why);
            launchAppMaster(appId, true);
        } else {
            setState(appId, "FAILED", "the AppMaster was lost too often; last: " + why);
            stopExecutors(appId);
        }
    }

    private void expireWorkers() {
        try {
            if (servingTerm >= 0) {
                expireWorkersNow();
                launchOrphans();
            }
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.error("checking the workers failed", e);
        }
    }

    private void expireWorkersNow() {
        List<WorkerRegistry.Worker> dead;
        lock.lock();
        try {
            dead = workers.expire(clock.millis(), workerTimeoutMillis);
        } finally {
            lock.unlock();
        }
        for (WorkerRegistry.Worker w : dead) {
            LOG.warn("worker {} at {} is dead: {}", w.id, w.address, w.endpoint.isOpen()
                    ? "no heartbeat for " + workerTimeoutMillis + " ms" : "its connection closed (" + w.endpoint.closeReason() + ")");
            w.endpoint.close("declared dead");
            List<Integer> lost;
            lock.lock();
            try {
                lost = appMasters.onDeadWorker(w.id);
            } finally {
                lock.unlock();
            }
            lost.forEach(appId -> Thread.ofVirtual().start(() -> appMasterLost(appId, "worker " + w.id + " died")));
        }
    }

    // ------------------------------------------------------------------ AppMasters

    private AppBundle bundle(int appId) {
        lock.lock();
        try {
            MasterState.App app = known(appId);
            return new AppBundle(appId, app.name(), app.jarName(), app.jar(), app.app(), app.executors());
        } finally {
            lock.unlock();
        }
    }

    private ExecutorsGranted grantExecutors(RequestExecutors r) {
        List<WorkerRegistry.Worker> chosen;
        ArrayList<Integer> ids = new ArrayList<>();
        ArrayList<Integer> workerIds = new ArrayList<>();
        lock.lock();
        try {
            MasterState.App app = known(r.appId());
            if (app.isFinal()) {
                throw new IllegalStateException("application " + r.appId() + " has ended (" + app.state() + ")");
            }
            chosen = workers.place(r.count());
            if (chosen.isEmpty()) {
                throw new IllegalStateException("not enough free slots for " + r.count() + " executors ("
                        + workers.freeSlots() + " free); use fewer -executors or add workers");
            }
            for (WorkerRegistry.Worker w : chosen) {
                int id = lastExecutorId.merge(r.appId(), 1, Integer::sum);
                ids.add(id);
                workerIds.add(w.id);
                workersByApp.computeIfAbsent(r.appId(), k -> new HashSet<>()).add(w.id);
            }
        } finally {
            lock.unlock();
        }
        List<CompletableFuture<Object>> launches = new ArrayList<>();
        for (int i = 0; i < chosen.size(); i++) { // all at once: JVM starts overlap
            WorkerRegistry.Worker w = chosen.get(i);
            launches.add(w.endpoint.request(new LaunchExecutor(r.appId(), ids.get(i), w.id, false, replica.membersList(),
                    r.appMasterAddress()),
                    Duration.ofSeconds(30)));
        }
        ArrayList<Integer> started = new ArrayList<>();
        ArrayList<Integer> startedOn = new ArrayList<>();
        for (int i = 0; i < launches.size(); i++) {
            try {
                launches.get(i).join();
                started.add(ids.get(i));
                startedOn.add(workerIds.get(i));
            } catch (RuntimeException e) {
                LOG.warn("application {}: worker {} could not start executor {}: {}", r.appId(), workerIds.get(i), ids.get(i),
                        Failures.describe(e));
            }
        }
        released(chosen);
        if (started.isEmpty()) {
            throw new IllegalStateException("no worker could start an executor for application " + r.appId());
        }
        return new ExecutorsGranted(started, startedOn);
    }

    private Done report(ReportApp r) {
        boolean nowRunning;
        lock.lock();
        try {
            reports.put(r.appId(), r);
            MasterState.App app = replica.state().app(r.appId());
            nowRunning = app != null && app.state().equals("SUBMITTED") && r.state().equals("RUNNING");
        } finally {
            lock.unlock();
        }
        if (nowRunning) { // a second report before this is applied proposes it again, harmlessly
            replica.replicate(new MasterCommand.SetAppState(r.appId(), "RUNNING", null));
        }
        return new Done();
    }

    private Done finished(AppFinished f) {
        lock.lock();
        try {
            appMasters.ended(f.appId());
        } finally {
            lock.unlock();
        }
        setState(f.appId(), f.state(), f.failure());
        stopExecutors(f.appId());
        return new Done();
    }

    private void setState(int appId, String newState, String failure) {
        replica.replicate(new MasterCommand.SetAppState(appId, newState, failure));
        LOG.info("application {}: {}{}", appId, newState, failure == null ? "" : " (" + failure + ")");
    }

    private void stopExecutors(int appId) {
        List<WorkerRegistry.Worker> targets = new ArrayList<>();
        lock.lock();
        try {
            for (int id : workersByApp.getOrDefault(appId, Set.of())) {
                WorkerRegistry.Worker w = workers.get(id);
                if (w != null) {
                    targets.add(w);
                }
            }
        } finally {
            lock.unlock();
        }
        for (WorkerRegistry.Worker w : targets) {
            try {
                w.endpoint.request(new StopExecutors(appId), Duration.ofSeconds(10)).join();
            } catch (RuntimeException e) {
                if (Failures.root(e) instanceof io.gearpump.net.rpc.ConnectionLostException) {
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

    /** Under lock. */
    private MasterState.App known(int appId) {
        MasterState.App app = replica.state().app(appId);
        if (app == null) {
            throw new IllegalArgumentException("unknown application id " + appId);
        }
        return app;
    }

    private static AppSummary summary(MasterState.App a) {
        return new AppSummary(a.appId(), a.name(), a.state(), a.submittedMillis(), a.user(), a.failure());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.close();
        replica.close();
    }
}
