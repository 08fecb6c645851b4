package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClientProtocol.AppList;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClientProtocol.GetCluster;
import io.gearpump.core.cluster.ClientProtocol.GetMasterStatus;
import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClientProtocol.StopApp;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerState;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.raft.RaftWireTypes;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master: one member of the master group. The leader takes submissions and answers list, status,
 * kill, stop and cluster queries; the others answer with a redirect to it. Durable changes are
 * {@link MasterCommand}s replicated by Raft ({@link MasterReplica}) and applied on every master;
 * reads wait for a ReadIndex barrier so a deposed leader never answers from stale state. Workers are
 * {@link WorkerDesk}'s, launches {@link AppLauncher}'s, and {@link Leadership} says when this master
 * serves. Requests run on their own virtual threads; shared state is guarded by {@code lock}, which
 * Raft's apply takes too, so nothing waits on Raft holding it.
 */
public final class MasterService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterService.class);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** An application's clock is replicated at most this often: one small Raft entry per second per application. */
    private static final long CLOCK_REPLICATION_MILLIS = 1000;

    private final Clock clock;
    private final RpcServer server;
    private final String address;
    private final ReentrantLock lock = new ReentrantLock();
    private final MasterReplica replica;
    private final SoftState soft;
    private final Leadership leadership;
    private final AppLauncher launcher;
    private final WorkerDesk workers;
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().daemon().name("master-timer").factory());

    /**
     * Starts a master listening on {@code bindAddress}, a member of {@code gearpump.cluster.masters}
     * (with one master listed, any address: port 0 too), keeping its Raft log in {@code storage}.
     */
    public MasterService(NodeContext node, InetSocketAddress bindAddress, Clock clock, RaftStorage storage) throws IOException {
        this.clock = clock;
        GearConfig config = node.config();
        AtomicReference<Session.KindHandler> raftFrames = new AtomicReference<>(); // frames may come once we listen
        this.server = node.serve(bindAddress, this::handler, Map.of(FrameKind.RAFT, (c, payload) -> {
            Session.KindHandler h = raftFrames.get();
            if (h != null) {
                h.onFrame(c, payload);
            }
        }));
        try {
            MasterGroup group = MasterGroup.of(config.get(GearConfig.MASTERS), server.address());
            this.replica = new MasterReplica(node, group.self(), group.members(), storage, lock);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        this.address = replica.self();
        this.soft = new SoftState(config.get(GearConfig.APP_MAX_RESTARTS));
        this.leadership = new Leadership(replica, lock, soft, clock, timer);
        long workerTimeout = config.get(GearConfig.HEARTBEAT_TIMEOUT_MS);
        int heartbeat = config.get(GearConfig.HEARTBEAT_INTERVAL_MS);
        // a worker may notice a silent dead leader only after its heartbeat timeout, then look for the
        // new one, register and report its executors a heartbeat later
        long orphanGrace = workerTimeout + config.get(GearConfig.FAILOVER_TIMEOUT_MS) + 3L * heartbeat;
        this.launcher = new AppLauncher(replica, lock, soft, leadership, clock, orphanGrace);
        this.workers = new WorkerDesk(replica, lock, soft, launcher, leadership, clock, heartbeat, workerTimeout);
        raftFrames.set(replica.inbound());
        timer.scheduleAtFixedRate(leadership::watch, MasterReplica.TICK_MILLIS, MasterReplica.TICK_MILLIS, TimeUnit.MILLISECONDS);
        long check = Math.max(100, workerTimeout / 4);
        timer.scheduleAtFixedRate(this::checkWorkers, check, check, TimeUnit.MILLISECONDS);
        LOG.info("master listening on {}, one of {}", address, replica.membersList());
    }

    /** The node a master runs on: the cluster's wire types and Raft's. */
    public static NodeContext startNode(String name, GearConfig config, ClassLoader userTypes) {
        return NodeContext.start(name, config, userTypes, RaftWireTypes.ENTRIES);
    }

    /** This master's address, as the master group names it. */
    public String address() {
        return address;
    }

    private RequestHandler handler(RpcEndpoint endpoint) {
        return request -> {
            if (!(request instanceof MasterRequest<?> r)) {
                throw ClusterException.unsupported("a master", request);
            }
            if (r instanceof GetMasterStatus) {
                return replica.info(); // every master answers this one
            }
            leadership.require();
            return serve(r, endpoint);
        };
    }

    /** One exhaustive switch over everything a leading master is asked; {@code from} is the asker's connection. */
    private Object serve(MasterRequest<?> request, RpcEndpoint from) {
        return switch (request) {
            case SubmitApp s -> submit(s);
            case ListApps l -> list();
            case GetAppStatus g -> status(g.appId());
            case KillApp k -> kill(k.appId());
            case StopApp st -> stop(st.appId());
            case GetCluster c -> cluster();
            case GetMasterStatus m -> replica.info();
            case RegisterWorker r -> workers.register(r, from);
            case WorkerHeartbeat h -> workers.heartbeat(h);
            case FetchJar f -> bundle(f.appId());
            case RequestExecutors r -> {
                appMasterEndpoint(r.appId(), from);
                yield launcher.grantExecutors(r);
            }
            case ReportApp r -> {
                appMasterEndpoint(r.appId(), from); // after a failover, reports are the first word from an AppMaster
                yield report(r);
            }
            case AppFinished f -> finished(f);
        };
    }

    private void checkWorkers() {
        try {
            if (leadership.serving()) {
                workers.expire();
                launcher.launchOrphans();
            }
        } catch (RuntimeException e) { // a scheduled task that throws is never run again
            LOG.error("checking the workers failed", e);
        }
    }

    // ------------------------------------------------------------------ clients

    private AppSubmitted submit(SubmitApp s) {
        if (s.jar() == null || s.jar().length < 4 || !Arrays.equals(s.jar(), 0, 4, ZIP_MAGIC, 0, 4)) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "'" + s.jarName() + "' is not a jar (not a zip file)");
        }
        if (s.app() == null || s.app().length == 0) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "the submission has no application description");
        }
        int appId = replica.replicate(new MasterCommand.AddApp(s.name(), s.user(), s.jarName(), s.jar(), s.app(),
                Math.max(1, s.executors()), clock.millis()), s.submissionId());
        if (launcher.submitted(appId)) { // not for a retried submission
            LOG.info("application {} ({}) submitted by {}", appId, s.name(), s.user());
        }
        return new AppSubmitted(appId);
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
            return new AppReport(summary(replica.state().known(appId)), soft.reports.get(appId));
        } finally {
            lock.unlock();
        }
    }

    private AppSummary kill(int appId) {
        replica.barrier();
        lock.lock();
        try {
            replica.state().known(appId);
        } finally {
            lock.unlock();
        }
        launcher.setState(appId, AppState.KILLED, "killed by request");
        launcher.stopExecutors(appId);
        return status(appId).summary();
    }

    /** Asks the AppMaster to drain the application; without one (yet), the application is killed. */
    private AppSummary stop(int appId) {
        replica.barrier();
        RpcEndpoint am;
        lock.lock();
        try {
            replica.state().known(appId);
            am = soft.appMasterEndpoints.get(appId);
        } finally {
            lock.unlock();
        }
        if (am == null || !am.isOpen()) {
            return kill(appId);
        }
        am.call(new DrainApp(appId), Duration.ofSeconds(10)).join();
        return status(appId).summary();
    }

    /** This master's Raft status and the workers; a client asks the other masters for theirs. */
    private ClusterReport cluster() {
        lock.lock();
        try {
            ArrayList<MasterInfo> masters = new ArrayList<>();
            masters.add(replica.info());
            ArrayList<WorkerInfo> ws = new ArrayList<>();
            for (WorkerRegistry.Worker w : soft.workers.all()) {
                ws.add(new WorkerInfo(w.id, w.address, w.slots, w.used, w.lastHeartbeatMillis, w.alive ? WorkerState.ALIVE : WorkerState.DEAD));
            }
            return new ClusterReport(masters, ws);
        } finally {
            lock.unlock();
        }
    }

    // ------------------------------------------------------------------ AppMasters

    private void appMasterEndpoint(int appId, RpcEndpoint endpoint) {
        lock.lock();
        try {
            soft.appMasterEndpoints.put(appId, endpoint);
        } finally {
            lock.unlock();
        }
    }

    private AppBundle bundle(int appId) {
        lock.lock();
        try {
            MasterState.App app = replica.state().known(appId);
            if (app.isFinal()) { // its jar is gone from the replicated state
                throw new ClusterException(ClusterError.APP_ENDED, "application " + appId + " has ended (" + app.state() + ")");
            }
            return new AppBundle(appId, app.name(), app.jarName(), app.jar(), app.app());
        } finally {
            lock.unlock();
        }
    }

    /** Keeps the report; replicates RUNNING once, and the application clock when it advanced (at most once a second). */
    private Done report(ReportApp r) {
        boolean nowRunning;
        boolean clockAdvanced;
        lock.lock();
        try {
            soft.reports.put(r.appId(), r);
            MasterState.App app = replica.state().app(r.appId());
            nowRunning = app != null && app.state() == AppState.SUBMITTED && r.state() == AppState.RUNNING;
            clockAdvanced = app != null && app.advancesClock(r.clockMillis())
                    && soft.clockDue(r.appId(), clock.millis(), CLOCK_REPLICATION_MILLIS);
        } finally {
            lock.unlock();
        }
        if (nowRunning) { // a second report before this is applied proposes it again, harmlessly
            replica.replicate(new MasterCommand.SetAppState(r.appId(), AppState.RUNNING, null));
        }
        if (clockAdvanced) {
            replica.replicate(new MasterCommand.SetAppClock(r.appId(), r.clockMillis()));
        }
        return Done.DONE;
    }

    private Done finished(AppFinished f) {
        lock.lock();
        try {
            soft.appMasters.ended(f.appId());
            soft.ended(f.appId());
        } finally {
            lock.unlock();
        }
        launcher.setState(f.appId(), f.state(), f.failure());
        launcher.stopExecutors(f.appId());
        return Done.DONE;
    }

    private static AppSummary summary(MasterState.App a) {
        return new AppSummary(a.appId(), a.name(), a.state(), a.submittedMillis(), a.user(), a.failure(), a.startClockMillis());
    }

    @Override
    public void close() {
        timer.shutdownNow();
        server.close();
        replica.close();
    }
}
