package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.agent.Agent;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.CheckpointCompleted;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClientProtocol.GetAppMetrics;
import io.gearpump.core.cluster.ClientProtocol.AwaitApp;
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
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerState;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.rpc.RedirectException;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master as a single-writer agent: one thread owns the mirror of the replicated state, the soft
 * state (workers, AppMasters, reports) and the leadership phase, and steps them with
 * {@link #doWork(long)} from its mailbox of requests, applied Raft commands and the answers to its
 * own calls. Nothing here blocks: a request that needs Raft or a worker continues, as a
 * {@link MasterInput.Resume}, when the answer arrives. Time is the {@code now} of each step.
 *
 * <p>The leader serves in a term once everything committed before is applied here (a ReadIndex
 * barrier), with empty soft state that workers and AppMasters rebuild; it stops the moment Raft
 * says it no longer leads, dropping the soft state and closing the workers' and AppMasters'
 * connections so they look for the new leader at once. Other masters redirect to the leader.
 *
 * <p>The work is the desks': {@link WorkerDesk} answers the workers, {@link AppDesk} the requests about
 * applications (serving an application's latest AppMaster only), {@link AppLauncher} launches.
 */
final class MasterAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(MasterAgent.class);

    /** Where this master is in leading: a follower redirects, a new leader waits for its barrier, a leader serves. */
    enum Phase { FOLLOWING, BECOMING, SERVING }

    /** Timings, from the configuration. */
    record Settings(int heartbeatMillis, long workerTimeoutMillis, long orphanGraceMillis, int maxAppMasterRelaunches) {

        long checkEveryMillis() {
            return Math.max(100, workerTimeoutMillis / 4);
        }
    }

    private final Replication replication;
    private final Mailbox<MasterInput> mailbox;
    private final Settings settings;
    private final Executor onAgent;
    private final SoftState soft;
    private final AppLauncher launcher;
    private final WorkerDesk workers;
    private final AppDesk apps;
    // agent thread only:
    private MasterState state = new MasterState();
    private Phase phase = Phase.FOLLOWING;
    private long term = -1; // the term of BECOMING or SERVING
    private long servingSinceMillis;
    private int lastAppIdBeforeServing;
    private long nextCheckMillis;
    private long now;
    private final List<MasterInput.Asked> parked = new ArrayList<>(); // requests that came while BECOMING
    private String restUrl = ""; // this master's REST API (http://host:port), "" without one

    MasterAgent(Replication replication, Mailbox<MasterInput> mailbox, Settings settings) {
        this.replication = replication;
        this.mailbox = mailbox;
        this.settings = settings;
        this.onAgent = step -> mailbox.offer(new MasterInput.Resume(step));
        this.soft = new SoftState(settings.maxAppMasterRelaunches());
        this.launcher = new AppLauncher(this, soft);
        this.workers = new WorkerDesk(this, soft, launcher);
        this.apps = new AppDesk(this, soft, launcher);
    }

    @Override
    public String name() {
        return "master-" + replication.self();
    }

    @Override
    public int doWork(long nowMillis) {
        now = nowMillis;
        int work = mailbox.drain(this::handle);
        work += watchLeadership();
        work += apps.answerExpiredWaiters();
        if (phase == Phase.SERVING && now >= nextCheckMillis) {
            nextCheckMillis = now + settings.checkEveryMillis();
            workers.expire();
            launcher.retryAwaitingSlot();
            launcher.launchOrphans();
            work++;
        }
        return work;
    }

    private void handle(MasterInput input) {
        switch (input) {
            case MasterInput.Asked a -> serve(a);
            case MasterInput.Applied a -> {
                state.apply(a.command());
                if (a.command() instanceof MasterCommand.SetAppState s) {
                    apps.answerChangedWaiters(s.appId());
                }
            }
            case MasterInput.Restored r -> {
                state = r.state();
                apps.answerAllChangedWaiters();
            }
            case MasterInput.Resume r -> r.step().run();
        }
    }

    // ------------------------------------------------------------------ for the desks and the launcher (agent thread)

    MasterState state() {
        return state;
    }

    long now() {
        return now;
    }

    Executor onAgent() {
        return onAgent;
    }

    Replication replication() {
        return replication;
    }

    Settings settings() {
        return settings;
    }

    Phase phase() {
        return phase;
    }

    /** The term this master serves in, or -1: work begun in one term is dropped in another. */
    long servingTerm() {
        return phase == Phase.SERVING ? term : -1;
    }

    long servingSinceMillis() {
        return servingSinceMillis;
    }

    /** Applications up to this id were submitted before this master served; launchOrphans looks after them. */
    int lastAppIdBeforeServing() {
        return lastAppIdBeforeServing;
    }

    // ------------------------------------------------------------------ leadership

    private int watchLeadership() {
        RaftHost.Status s = replication.status();
        boolean leads = s.role() == Role.LEADER && !s.stopped();
        switch (phase) {
            case FOLLOWING -> {
                if (leads) {
                    become(s.term());
                    return 1;
                }
            }
            case BECOMING -> {
                if (!leads || s.term() != term) {
                    transition(Phase.FOLLOWING, "lost term " + term + " before serving");
                    return 1;
                }
            }
            case SERVING -> {
                if (!leads || s.term() != term) {
                    stepDown(s);
                    return 1;
                }
            }
        }
        return 0;
    }

    private void become(long newTerm) {
        term = newTerm;
        transition(Phase.BECOMING, "won term " + newTerm + "; applying what was committed before");
        replication.barrier().whenCompleteAsync((ok, error) -> barrierPassed(newTerm, error), onAgent);
    }

    private void barrierPassed(long barrierTerm, Throwable error) {
        if (phase != Phase.BECOMING || term != barrierTerm) {
            return; // lost meanwhile; the watch has moved on
        }
        RaftHost.Status s = replication.status();
        if (error != null || s.role() != Role.LEADER || s.term() != barrierTerm) {
            transition(Phase.FOLLOWING, "lost term " + barrierTerm + " before serving"
                    + (error == null ? "" : ": " + Failures.describe(error)));
            return;
        }
        soft.clear();
        servingSinceMillis = now;
        lastAppIdBeforeServing = state.lastAppId();
        nextCheckMillis = now + settings.checkEveryMillis();
        transition(Phase.SERVING, "leads term " + barrierTerm + " with " + state.apps().size() + " applications");
        announceRest();
    }

    private void stepDown(RaftHost.Status s) {
        List<Peer> peers = soft.clear();
        transition(Phase.FOLLOWING, s.role() + " in term " + s.term() + ", leader " + (s.leader().isEmpty() ? "unknown" : s.leader()));
        term = -1;
        apps.redirectWaiters(); // they ask the new leader
        peers.forEach(p -> p.close("master " + replication.self() + " no longer leads")); // they find the new leader at once
    }

    private void transition(Phase to, String reason) {
        if (to == Phase.FOLLOWING && phase == Phase.SERVING) {
            LOG.warn("master {}: {} -> {} ({})", replication.self(), phase, to, reason);
        } else {
            LOG.info("master {}: {} -> {} ({})", replication.self(), phase, to, reason);
        }
        phase = to;
        if (to != Phase.BECOMING && !parked.isEmpty()) {
            List<MasterInput.Asked> waiting = new ArrayList<>(parked);
            parked.clear();
            waiting.forEach(this::serve); // answered now, or redirected if this master did not make it
        }
    }


    // ------------------------------------------------------------------ the REST API's address

    /** This master's REST API serves at {@code url}: recorded through Raft now if this master serves, else once it does. */
    void restServing(String url) {
        restUrl = url;
        announceRest();
    }

    /** A serving leader records where its REST API is, in its term, so followers can redirect REST clients to it. */
    private void announceRest() {
        if (phase != Phase.SERVING || restUrl.isEmpty()) {
            return;
        }
        replication.propose(new MasterCommand.SetRestAddress(replication.self(), restUrl, term), LogEntry.NO_CLIENT).exceptionally(e -> {
            LOG.debug("master {}: the REST address was not recorded: {}", replication.self(), Failures.describe(e));
            return null;
        });
    }

    /**
     * The leader's REST API (http://host:port): this master's own while it serves; else the one the leader
     * recorded in the current term; "" while no leader is known or it has not recorded one in its term.
     */
    String leaderRest() {
        if (phase == Phase.SERVING) {
            return restUrl;
        }
        RaftHost.Status s = replication.status();
        MasterState.RestAddress a = s.leader().isEmpty() ? null : state.restAddress(s.leader());
        return a != null && a.term() == s.term() ? a.url() : "";
    }

    // ------------------------------------------------------------------ requests

    private void serve(MasterInput.Asked a) {
        if (phase != Phase.SERVING && !(a.request() instanceof GetMasterStatus) && (phase == Phase.BECOMING || aloneAndUp())) {
            parked.add(a); // served in a moment, when the barrier passes: no redirect loop for the asker
            return;
        }
        CompletableFuture<?> answer;
        try {
            answer = answer(a.request(), a.from());
        } catch (RuntimeException e) {
            answer = CompletableFuture.failedFuture(e);
        }
        answer.whenComplete((value, error) -> {
            if (error == null) {
                a.reply().complete(value);
            } else {
                a.reply().completeExceptionally(error instanceof CompletionException && error.getCause() != null
                        ? error.getCause() : error);
            }
        });
    }

    /** One exhaustive switch over everything a master is asked; only the serving leader answers more than its status. */
    private CompletableFuture<?> answer(MasterRequest<?> request, Peer from) {
        if (request instanceof GetMasterStatus) {
            return done(replication.info().withRestUrl(restUrl)); // every master answers this one
        }
        if (phase != Phase.SERVING) {
            throw new RedirectException(replication.leaderHint(), "master " + replication.self() + " is not the leader");
        }
        return switch (request) {
            case SubmitApp s -> apps.submit(s);
            case ListApps l -> apps.list();
            case GetAppStatus g -> apps.status(g.appId());
            case GetAppMetrics g -> done(AppNumbers.metrics(state.known(g.appId()), soft, g.sinceMillis()));
            case AwaitApp w -> apps.awaitChange(w);
            case KillApp k -> apps.kill(k.appId());
            case StopApp s -> apps.stop(s.appId());
            case GetCluster c -> done(cluster());
            case GetMasterStatus m -> done(replication.info().withRestUrl(restUrl));
            case RegisterWorker r -> workers.register(r, from);
            case WorkerHeartbeat h -> done(workers.heartbeat(h));
            case FetchJar f -> apps.bundle(f.appId());
            case RequestExecutors r -> apps.fromLatestAppMaster(r.appId(), r.epoch(), from, () -> launcher.grantExecutors(r));
            case ReportApp r -> apps.fromLatestAppMaster(r.appId(), r.epoch(), from, () -> done(apps.report(r)));
            case AppFinished f -> apps.fromLatestAppMaster(f.appId(), f.epoch(), from, () -> apps.finished(f));
            case BeginAttempt b -> apps.beginAttempt(b, from);
            case CheckpointCompleted c -> apps.fromLatestAppMaster(c.appId(), c.epoch(), from, () -> apps.recordCheckpoint(c));
        };
    }

    /** A master group of one leads as soon as Raft ticks: there is nobody to redirect to, so its askers wait for it. */
    private boolean aloneAndUp() {
        return !replication.membersList().contains(",") && !replication.status().stopped();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /** This master's Raft status and the workers; a client asks the other masters for theirs. */
    private ClusterReport cluster() {
        ArrayList<MasterInfo> masters = new ArrayList<>();
        masters.add(replication.info());
        ArrayList<WorkerInfo> ws = new ArrayList<>();
        for (WorkerRegistry.Worker w : soft.workers.all()) {
            ws.add(new WorkerInfo(w.id, w.address, w.slots, w.used, w.lastHeartbeatMillis,
                    w.alive ? WorkerState.ALIVE : WorkerState.DEAD));
        }
        return new ClusterReport(masters, ws);
    }
}
