package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.agent.Agent;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.CheckpointCompleted;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClientProtocol.AppList;
import io.gearpump.core.cluster.ClientProtocol.GetAppMetrics;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
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
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerState;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.rpc.RedirectException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Supplier;

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
 * <p>It serves an application's latest AppMaster only: every request of an AppMaster names its epoch,
 * and one from an AppMaster that a newer one replaced is refused (SUPERSEDED), so a stale AppMaster
 * never gets executors, starts an attempt, reports or ends the application.
 */
final class MasterAgent implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(MasterAgent.class);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** An application's clock is replicated at most this often: one small Raft entry per second per application. */
    private static final long CLOCK_REPLICATION_MILLIS = 1000;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);
    /** The longest an AwaitApp is parked, whatever it asks: clients ask for less than their request timeout anyway. */
    private static final long MAX_AWAIT_MILLIS = 60_000;

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
    // agent thread only:
    private MasterState state = new MasterState();
    private Phase phase = Phase.FOLLOWING;
    private long term = -1; // the term of BECOMING or SERVING
    private long servingSinceMillis;
    private int lastAppIdBeforeServing;
    private long nextCheckMillis;
    private long now;
    private final List<MasterInput.Asked> parked = new ArrayList<>(); // requests that came while BECOMING
    private final AppWaiters waiters = new AppWaiters(); // AwaitApp long-polls, while SERVING
    private String restUrl = ""; // this master's REST API (http://host:port), "" without one

    MasterAgent(Replication replication, Mailbox<MasterInput> mailbox, Settings settings) {
        this.replication = replication;
        this.mailbox = mailbox;
        this.settings = settings;
        this.onAgent = step -> mailbox.offer(new MasterInput.Resume(step));
        this.soft = new SoftState(settings.maxAppMasterRelaunches());
        this.launcher = new AppLauncher(this, soft);
        this.workers = new WorkerDesk(this, soft, launcher);
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
        work += answerExpiredWaiters();
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
                    answerChangedWaiters(s.appId());
                }
            }
            case MasterInput.Restored r -> {
                state = r.state();
                waiters.apps().forEach(this::answerChangedWaiters);
            }
            case MasterInput.Resume r -> r.step().run();
        }
    }

    // ------------------------------------------------------------------ for the desk and the launcher (agent thread)

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
        for (AppWaiters.Waiter w : waiters.clear()) { // they ask the new leader
            w.reply().completeExceptionally(new RedirectException(replication.leaderHint(),
                    "master " + replication.self() + " no longer leads"));
        }
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
            case SubmitApp s -> submit(s);
            case ListApps l -> afterBarrier(this::list);
            case GetAppStatus g -> status(g.appId());
            case GetAppMetrics g -> done(AppNumbers.metrics(state.known(g.appId()), soft, g.sinceMillis()));
            case AwaitApp w -> awaitChange(w);
            case KillApp k -> kill(k.appId());
            case StopApp s -> stop(s.appId());
            case GetCluster c -> done(cluster());
            case GetMasterStatus m -> done(replication.info().withRestUrl(restUrl));
            case RegisterWorker r -> workers.register(r, from);
            case WorkerHeartbeat h -> done(workers.heartbeat(h));
            case FetchJar f -> knowingApp(f.appId(), () -> done(bundle(f.appId())));
            case RequestExecutors r -> fromLatestAppMaster(r.appId(), r.epoch(), from, () -> launcher.grantExecutors(r));
            case ReportApp r -> fromLatestAppMaster(r.appId(), r.epoch(), from, () -> done(report(r)));
            case AppFinished f -> fromLatestAppMaster(f.appId(), f.epoch(), from, () -> finished(f));
            case BeginAttempt b -> beginAttempt(b, from);
            case CheckpointCompleted c -> fromLatestAppMaster(c.appId(), c.epoch(), from, () -> recordCheckpoint(c));
        };
    }

    /**
     * Serves a request of the application's latest AppMaster only, and keeps its connection (after a
     * failover, its requests are the first word from it): an older epoch is refused. An epoch newer
     * than the mirror knows, or an application it does not know, is judged after a barrier, so a
     * deposed leader that has not noticed yet redirects instead of refusing the AppMaster.
     */
    private <T> CompletableFuture<T> fromLatestAppMaster(int appId, int epoch, Peer from,
                                                         Supplier<CompletableFuture<T>> answer) {
        MasterState.App app = state.app(appId);
        if (app != null && epoch <= app.appMasterEpoch()) {
            return servedIfLatest(app, epoch, from, answer);
        }
        return replication.barrier()
                .thenComposeAsync(confirmed -> servedIfLatest(state.known(appId), epoch, from, answer), onAgent);
    }

    private <T> CompletableFuture<T> servedIfLatest(MasterState.App app, int epoch, Peer from,
                                                    Supplier<CompletableFuture<T>> answer) {
        if (epoch != app.appMasterEpoch()) {
            throw new ClusterException(ClusterError.SUPERSEDED, "application " + app.appId() + " has a newer AppMaster (epoch "
                    + app.appMasterEpoch() + ") than this one (epoch " + epoch + ")");
        }
        soft.appMasterPeers.put(app.appId(), from);
        return answer.get();
    }

    /** An attempt may start once a quorum confirmed this master leads, if its AppMaster is the latest and the application runs. */
    private CompletableFuture<AttemptBegun> beginAttempt(BeginAttempt b, Peer from) {
        return replication.barrier().thenComposeAsync(confirmed -> {
            MasterState.App app = state.known(b.appId());
            return servedIfLatest(app, b.epoch(), from, () -> {
                if (app.isFinal()) {
                    throw new ClusterException(ClusterError.APP_ENDED, "application " + b.appId() + " has ended (" + app.state() + ")");
                }
                // answered at once, as the barrier confirmed it (fencing: no Raft round between the check and the
                // answer); the attempt is recorded alongside, and a repeat of the same attempt is counted once
                MasterState.Attempts recorded = state.attemptsOf(b.appId());
                boolean repeat = recorded.epoch() == b.epoch() && recorded.attempt() == b.attempt();
                List<ProcessedCounts> before = repeat ? recorded.countedBefore() : AppNumbers.countedSoFar(state, soft, b.appId());
                replication.propose(new MasterCommand.StartAttempt(b.appId(), b.epoch(), b.attempt(), before), LogEntry.NO_CLIENT)
                        .exceptionally(e -> {
                            LOG.debug("application {}: attempt {} was not recorded: {}", b.appId(), b.attempt(), Failures.describe(e));
                            return null;
                        });
                return done(new AttemptBegun(app.checkpoint().id(), repeat ? recorded.started() - 1 : recorded.started(),
                        new ArrayList<>(before), app.submittedMillis()));
            });
        }, onAgent);
    }


    /** A master group of one leads as soon as Raft ticks: there is nobody to redirect to, so its askers wait for it. */
    private boolean aloneAndUp() {
        return !replication.membersList().contains(",") && !replication.status().stopped();
    }

    private static <T> CompletableFuture<T> done(T value) {
        return CompletableFuture.completedFuture(value);
    }

    /**
     * Answers at once when the mirror knows the application; else only after a barrier, so a master
     * that was deposed and has not noticed yet redirects instead of calling a newer application unknown.
     */
    private <T> CompletableFuture<T> knowingApp(int appId, Supplier<CompletableFuture<T>> answer) {
        if (state.app(appId) != null) {
            return answer.get();
        }
        return replication.barrier().thenComposeAsync(confirmed -> answer.get(), onAgent);
    }

    /** Reads the mirror once a quorum confirmed this master still leads: never a stale answer from a deposed leader. */
    private <T> CompletableFuture<T> afterBarrier(Supplier<T> read) {
        return replication.barrier().thenApplyAsync(ignored -> read.get(), onAgent);
    }

    private CompletableFuture<AppSubmitted> submit(SubmitApp s) {
        if (s.jar() == null || s.jar().length < 4 || !Arrays.equals(s.jar(), 0, 4, ZIP_MAGIC, 0, 4)) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "'" + s.jarName() + "' is not a jar (not a zip file)");
        }
        if (s.app() == null || s.app().length == 0) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "the submission has no application description");
        }
        MasterCommand.AddApp add = new MasterCommand.AddApp(s.name(), s.user(), s.jarName(), s.jar(), s.app(),
                Math.max(1, s.executors()), now);
        return replication.propose(add, s.submissionId()).thenApplyAsync(appId -> {
            if (launcher.submitted(appId)) { // not for a retried submission
                LOG.info("application {} ({}) submitted by {}", appId, s.name(), s.user());
            }
            return new AppSubmitted(appId);
        }, onAgent);
    }

    private AppList list() {
        ArrayList<AppSummary> out = new ArrayList<>();
        state.apps().forEach(a -> out.add(summary(a)));
        return new AppList(out);
    }

    private CompletableFuture<AppReport> status(int appId) {
        return afterBarrier(() -> appReport(state.known(appId)));
    }

    private AppReport appReport(MasterState.App app) {
        return new AppReport(summary(app), soft.reports.get(app.appId()));
    }


    // ------------------------------------------------------------------ long-polls for an application's state

    /**
     * Answers once a quorum confirmed this master leads: at once when the state is not the one the
     * client knows, else parks the request until the state changes or its wait has passed.
     */
    private CompletableFuture<AppReport> awaitChange(AwaitApp w) {
        return replication.barrier().thenComposeAsync(ignored -> {
            MasterState.App app = state.known(w.appId());
            if (app.state() != w.knownState() || w.waitMillis() <= 0) {
                return done(appReport(app));
            }
            if (phase != Phase.SERVING) { // stepped down since the barrier passed
                throw new RedirectException(replication.leaderHint(), "master " + replication.self() + " no longer leads");
            }
            CompletableFuture<AppReport> reply = new CompletableFuture<>();
            waiters.park(new AppWaiters.Waiter(w.appId(), w.knownState(), now + Math.min(w.waitMillis(), MAX_AWAIT_MILLIS), reply));
            return reply;
        }, onAgent);
    }

    /** The application's state was applied (committed): the waiters that knew another state hear the new one. */
    private void answerChangedWaiters(int appId) {
        MasterState.App app = state.app(appId);
        if (app != null) {
            waiters.changed(appId, app.state()).forEach(w -> w.reply().complete(appReport(app)));
        }
    }

    /** Waiters whose wait has passed get the application as it is, read like a status (after a barrier). */
    private int answerExpiredWaiters() {
        List<AppWaiters.Waiter> expired = waiters.expired(now);
        for (AppWaiters.Waiter w : expired) {
            status(w.appId()).whenComplete((report, error) -> {
                if (error == null) {
                    w.reply().complete(report);
                } else {
                    w.reply().completeExceptionally(error);
                }
            });
        }
        return expired.size();
    }

    private CompletableFuture<AppSummary> kill(int appId) {
        return afterBarrier(() -> notEnded(appId))
                .thenComposeAsync(app -> launcher.setState(appId, AppState.KILLED, "killed by request"), onAgent)
                .thenComposeAsync(killed -> launcher.stopExecutors(appId), onAgent)
                .thenComposeAsync(stopped -> status(appId), onAgent)
                .thenApply(AppReport::summary);
    }

    /** Application {@code appId}, unless it has ended: then a kill or stop has nothing to do, and says so. */
    private MasterState.App notEnded(int appId) {
        MasterState.App app = state.known(appId);
        if (app.isFinal()) {
            throw new ClusterException(ClusterError.APP_ENDED, "application " + appId + " had already ended (" + app.state() + ")");
        }
        return app;
    }

    /** Asks the AppMaster to drain the application; without one (yet), the application is killed. */
    private CompletableFuture<AppSummary> stop(int appId) {
        return afterBarrier(() -> notEnded(appId)).thenComposeAsync(app -> {
            Peer am = soft.appMasterPeers.get(appId);
            if (am == null || !am.isOpen()) {
                return kill(appId);
            }
            return am.call(new DrainApp(appId), DRAIN_WAIT).thenComposeAsync(drained -> status(appId), onAgent)
                    .thenApply(AppReport::summary);
        }, onAgent);
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

    private AppBundle bundle(int appId) {
        MasterState.App app = state.known(appId);
        if (app.isFinal()) { // its jar is gone from the replicated state
            throw new ClusterException(ClusterError.APP_ENDED, "application " + appId + " has ended (" + app.state() + ")");
        }
        return new AppBundle(appId, app.name(), app.jarName(), app.jar(), app.app());
    }

    /** Keeps the report; replicates RUNNING once, and the application clock when it advanced (at most once a second). */
    private Done report(ReportApp r) {
        soft.reports.put(r.appId(), r);
        soft.metrics.record(r.appId(), r.metrics().processors());
        MasterState.App app = state.app(r.appId());
        if (app == null) {
            return Done.DONE;
        }
        if (app.state() == AppState.SUBMITTED && r.state() == AppState.RUNNING) {
            launcher.setState(r.appId(), AppState.RUNNING, null); // a second report before this is applied proposes it again, harmlessly
        }
        if (app.advancesClock(r.clockMillis()) && soft.clockDue(r.appId(), now, CLOCK_REPLICATION_MILLIS)) {
            replication.propose(new MasterCommand.SetAppClock(r.appId(), r.clockMillis()), 0).exceptionally(e -> {
                LOG.debug("application {}: the clock was not replicated: {}", r.appId(), Failures.describe(e));
                return null;
            });
        }
        return Done.DONE;
    }

    /** Records a completed checkpoint through Raft; answered once it is committed, or refused if it was not recorded. */
    private CompletableFuture<Done> recordCheckpoint(CheckpointCompleted c) {
        return replication.propose(new MasterCommand.CompleteCheckpoint(c.appId(), c.epoch(), c.checkpointId(), c.location(),
                c.completedMillis(), c.bytes(), c.durationMillis()), LogEntry.NO_CLIENT).thenApplyAsync(recorded -> {
                    if (recorded == null) {
                        MasterState.App app = state.known(c.appId());
                        throw app.isFinal()
                                ? new ClusterException(ClusterError.APP_ENDED, "application " + c.appId() + " has ended (" + app.state() + ")")
                                : new ClusterException(ClusterError.SUPERSEDED, "checkpoint " + c.checkpointId() + " of application "
                                        + c.appId() + " was not recorded: AppMaster epoch " + c.epoch() + " is not the latest ("
                                        + app.appMasterEpoch() + ")");
                    }
                    return Done.DONE;
                }, onAgent);
    }

    private CompletableFuture<Done> finished(AppFinished f) {
        soft.appMasters.ended(f.appId());
        soft.ended(f.appId());
        return launcher.setState(f.appId(), f.state(), f.failure())
                .thenComposeAsync(set -> launcher.stopExecutors(f.appId()), onAgent)
                .thenApply(stopped -> Done.DONE);
    }

    private static AppSummary summary(MasterState.App a) {
        return new AppSummary(a.appId(), a.name(), a.state(), a.submittedMillis(), a.user(), a.failure(), a.startClockMillis(),
                a.checkpoint());
    }
}
