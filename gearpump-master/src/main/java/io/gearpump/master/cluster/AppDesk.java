package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.CheckpointCompleted;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.ClientProtocol.AppList;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.AwaitApp;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.net.rpc.RedirectException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The serving leader's side of the applications: clients' submissions, listings, status, long-polls,
 * kills and stops; workers' fetches of a jar; and the requests of AppMasters (reports, attempts,
 * checkpoints, the end). An answer that must not come from a deposed leader waits for a barrier.
 *
 * <p>It serves an application's latest AppMaster only: every request of an AppMaster names its epoch,
 * and one from an AppMaster that a newer one replaced is refused (SUPERSEDED), so a stale AppMaster
 * never gets executors, starts an attempt, reports or ends the application.
 *
 * <p>Confined to the master agent's thread: every call to Raft or an AppMaster continues there when it
 * is answered. The mirror is read through the agent each time, as a snapshot replaces it.
 */
final class AppDesk {

    private static final Logger LOG = LoggerFactory.getLogger(AppDesk.class);
    private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};
    /** An application's clock is replicated at most this often: one small Raft entry per second per application. */
    private static final long CLOCK_REPLICATION_MILLIS = 1000;
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);
    /** The longest an AwaitApp is parked, whatever it asks: clients ask for less than their request timeout anyway. */
    private static final long MAX_AWAIT_MILLIS = 60_000;

    private final MasterAgent agent;
    private final SoftState soft;
    private final AppLauncher launcher;
    private final AppWaiters waiters = new AppWaiters(); // AwaitApp long-polls, while SERVING

    AppDesk(MasterAgent agent, SoftState soft, AppLauncher launcher) {
        this.agent = agent;
        this.soft = soft;
        this.launcher = launcher;
    }

    // ------------------------------------------------------------------ clients

    CompletableFuture<AppSubmitted> submit(SubmitApp s) {
        if (s.jar() == null || s.jar().length < 4 || !Arrays.equals(s.jar(), 0, 4, ZIP_MAGIC, 0, 4)) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "'" + s.jarName() + "' is not a jar (not a zip file)");
        }
        if (s.app() == null || s.app().length == 0) {
            throw new ClusterException(ClusterError.INVALID_SUBMISSION, "the submission has no application description");
        }
        MasterCommand.AddApp add = new MasterCommand.AddApp(s.name(), s.user(), s.jarName(), s.jar(), s.app(),
                Math.max(1, s.executors()), agent.now());
        return agent.replication().propose(add, s.submissionId()).thenApplyAsync(appId -> {
            if (launcher.submitted(appId)) { // not for a retried submission
                LOG.info("application {} ({}) submitted by {}", appId, s.name(), s.user());
            }
            return new AppSubmitted(appId);
        }, agent.onAgent());
    }

    /** Every application, read after a barrier. */
    CompletableFuture<AppList> list() {
        return afterBarrier(() -> {
            ArrayList<AppSummary> out = new ArrayList<>();
            agent.state().apps().forEach(a -> out.add(summary(a)));
            return new AppList(out);
        });
    }

    CompletableFuture<AppReport> status(int appId) {
        return afterBarrier(() -> appReport(agent.state().known(appId)));
    }

    private AppReport appReport(MasterState.App app) {
        return new AppReport(summary(app), soft.reports.get(app.appId()));
    }

    CompletableFuture<AppSummary> kill(int appId) {
        return afterBarrier(() -> notEnded(appId))
                .thenComposeAsync(app -> launcher.setState(appId, AppState.KILLED, "killed by request"), agent.onAgent())
                .thenComposeAsync(killed -> launcher.stopExecutors(appId), agent.onAgent())
                .thenComposeAsync(stopped -> status(appId), agent.onAgent())
                .thenApply(AppReport::summary);
    }

    /** Application {@code appId}, unless it has ended: then a kill or stop has nothing to do, and says so. */
    private MasterState.App notEnded(int appId) {
        MasterState.App app = agent.state().known(appId);
        if (app.isFinal()) {
            throw new ClusterException(ClusterError.APP_ENDED, "application " + appId + " had already ended (" + app.state() + ")");
        }
        return app;
    }

    /** Asks the AppMaster to drain the application; without one (yet), the application is killed. */
    CompletableFuture<AppSummary> stop(int appId) {
        return afterBarrier(() -> notEnded(appId)).thenComposeAsync(app -> {
            Peer am = soft.appMasterPeers.get(appId);
            if (am == null || !am.isOpen()) {
                return kill(appId);
            }
            return am.call(new DrainApp(appId), DRAIN_WAIT).thenComposeAsync(drained -> status(appId), agent.onAgent())
                    .thenApply(AppReport::summary);
        }, agent.onAgent());
    }

    // ------------------------------------------------------------------ long-polls for an application's state

    /**
     * Answers once a quorum confirmed this master leads: at once when the state is not the one the
     * client knows, else parks the request until the state changes or its wait has passed.
     */
    CompletableFuture<AppReport> awaitChange(AwaitApp w) {
        return agent.replication().barrier().thenComposeAsync(ignored -> {
            MasterState.App app = agent.state().known(w.appId());
            if (app.state() != w.knownState() || w.waitMillis() <= 0) {
                return CompletableFuture.completedFuture(appReport(app));
            }
            if (agent.phase() != MasterAgent.Phase.SERVING) { // stepped down since the barrier passed
                throw new RedirectException(agent.replication().leaderHint(),
                        "master " + agent.replication().self() + " no longer leads");
            }
            CompletableFuture<AppReport> reply = new CompletableFuture<>();
            long deadline = agent.now() + Math.min(w.waitMillis(), MAX_AWAIT_MILLIS);
            waiters.park(new AppWaiters.Waiter(w.appId(), w.knownState(), deadline, reply));
            return reply;
        }, agent.onAgent());
    }

    /** The application's state was applied (committed): the waiters that knew another state hear the new one. */
    void answerChangedWaiters(int appId) {
        MasterState.App app = agent.state().app(appId);
        if (app != null) {
            waiters.changed(appId, app.state()).forEach(w -> w.reply().complete(appReport(app)));
        }
    }

    /** A snapshot replaced the mirror: any application waited for may have changed. */
    void answerAllChangedWaiters() {
        waiters.apps().forEach(this::answerChangedWaiters);
    }

    /** Waiters whose wait has passed get the application as it is, read like a status (after a barrier). */
    int answerExpiredWaiters() {
        List<AppWaiters.Waiter> expired = waiters.expired(agent.now());
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

    /** This master stepped down: every waiter is redirected, to ask the new leader. */
    void redirectWaiters() {
        for (AppWaiters.Waiter w : waiters.clear()) {
            w.reply().completeExceptionally(new RedirectException(agent.replication().leaderHint(),
                    "master " + agent.replication().self() + " no longer leads"));
        }
    }

    // ------------------------------------------------------------------ workers

    /** The jar and description a worker launches the application's executors from; gone once it has ended. */
    CompletableFuture<AppBundle> bundle(int appId) {
        return knowingApp(appId, () -> {
            MasterState.App app = agent.state().known(appId);
            if (app.isFinal()) { // its jar is gone from the replicated state
                throw new ClusterException(ClusterError.APP_ENDED, "application " + appId + " has ended (" + app.state() + ")");
            }
            return CompletableFuture.completedFuture(new AppBundle(appId, app.name(), app.jarName(), app.jar(), app.app()));
        });
    }

    // ------------------------------------------------------------------ AppMasters

    /**
     * Serves a request of the application's latest AppMaster only, and keeps its connection (after a
     * failover, its requests are the first word from it): an older epoch is refused. An epoch newer
     * than the mirror knows, or an application it does not know, is judged after a barrier, so a
     * deposed leader that has not noticed yet redirects instead of refusing the AppMaster.
     */
    <T> CompletableFuture<T> fromLatestAppMaster(int appId, int epoch, Peer from, Supplier<CompletableFuture<T>> answer) {
        MasterState.App app = agent.state().app(appId);
        if (app != null && epoch <= app.appMasterEpoch()) {
            return servedIfLatest(app, epoch, from, answer);
        }
        return agent.replication().barrier()
                .thenComposeAsync(confirmed -> servedIfLatest(agent.state().known(appId), epoch, from, answer), agent.onAgent());
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
    CompletableFuture<AttemptBegun> beginAttempt(BeginAttempt b, Peer from) {
        return agent.replication().barrier().thenComposeAsync(confirmed -> {
            MasterState.App app = agent.state().known(b.appId());
            return servedIfLatest(app, b.epoch(), from, () -> {
                if (app.isFinal()) {
                    throw new ClusterException(ClusterError.APP_ENDED, "application " + b.appId() + " has ended (" + app.state() + ")");
                }
                // answered at once, as the barrier confirmed it (fencing: no Raft round between the check and the
                // answer); the attempt is recorded alongside, and a repeat of the same attempt is counted once
                MasterState.Attempts recorded = agent.state().attemptsOf(b.appId());
                boolean repeat = recorded.epoch() == b.epoch() && recorded.attempt() == b.attempt();
                List<ProcessedCounts> before = repeat ? recorded.countedBefore() : AppNumbers.countedSoFar(agent.state(), soft, b.appId());
                agent.replication().propose(new MasterCommand.StartAttempt(b.appId(), b.epoch(), b.attempt(), before), LogEntry.NO_CLIENT)
                        .exceptionally(e -> {
                            LOG.debug("application {}: attempt {} was not recorded: {}", b.appId(), b.attempt(), Failures.describe(e));
                            return null;
                        });
                return CompletableFuture.completedFuture(new AttemptBegun(app.checkpoint().id(),
                        repeat ? recorded.started() - 1 : recorded.started(), new ArrayList<>(before), app.submittedMillis()));
            });
        }, agent.onAgent());
    }

    /** Keeps the report; replicates RUNNING once, and the application clock when it advanced (at most once a second). */
    Done report(ReportApp r) {
        soft.reports.put(r.appId(), r);
        soft.metrics.record(r.appId(), r.metrics().processors());
        MasterState.App app = agent.state().app(r.appId());
        if (app == null) {
            return Done.DONE;
        }
        if (app.state() == AppState.SUBMITTED && r.state() == AppState.RUNNING) {
            launcher.setState(r.appId(), AppState.RUNNING, null); // a second report before this is applied proposes it again, harmlessly
        }
        if (app.advancesClock(r.clockMillis()) && soft.clockDue(r.appId(), agent.now(), CLOCK_REPLICATION_MILLIS)) {
            agent.replication().propose(new MasterCommand.SetAppClock(r.appId(), r.clockMillis()), 0).exceptionally(e -> {
                LOG.debug("application {}: the clock was not replicated: {}", r.appId(), Failures.describe(e));
                return null;
            });
        }
        return Done.DONE;
    }

    /** Records a completed checkpoint through Raft; answered once it is committed, or refused if it was not recorded. */
    CompletableFuture<Done> recordCheckpoint(CheckpointCompleted c) {
        MasterCommand.CompleteCheckpoint complete = new MasterCommand.CompleteCheckpoint(c.appId(), c.epoch(), c.checkpointId(),
                c.location(), c.completedMillis(), c.bytes(), c.durationMillis());
        return agent.replication().propose(complete, LogEntry.NO_CLIENT).thenApplyAsync(recorded -> {
            if (recorded == null) {
                MasterState.App app = agent.state().known(c.appId());
                throw app.isFinal()
                        ? new ClusterException(ClusterError.APP_ENDED, "application " + c.appId() + " has ended (" + app.state() + ")")
                        : new ClusterException(ClusterError.SUPERSEDED, "checkpoint " + c.checkpointId() + " of application "
                                + c.appId() + " was not recorded: AppMaster epoch " + c.epoch() + " is not the latest ("
                                + app.appMasterEpoch() + ")");
            }
            return Done.DONE;
        }, agent.onAgent());
    }

    CompletableFuture<Done> finished(AppFinished f) {
        soft.appMasters.ended(f.appId());
        soft.ended(f.appId());
        return launcher.setState(f.appId(), f.state(), f.failure())
                .thenComposeAsync(set -> launcher.stopExecutors(f.appId()), agent.onAgent())
                .thenApply(stopped -> Done.DONE);
    }

    // ------------------------------------------------------------------ reading the mirror safely

    /**
     * Answers at once when the mirror knows the application; else only after a barrier, so a master
     * that was deposed and has not noticed yet redirects instead of calling a newer application unknown.
     */
    private <T> CompletableFuture<T> knowingApp(int appId, Supplier<CompletableFuture<T>> answer) {
        if (agent.state().app(appId) != null) {
            return answer.get();
        }
        return agent.replication().barrier().thenComposeAsync(confirmed -> answer.get(), agent.onAgent());
    }

    /** Reads the mirror once a quorum confirmed this master still leads: never a stale answer from a deposed leader. */
    private <T> CompletableFuture<T> afterBarrier(Supplier<T> read) {
        return agent.replication().barrier().thenApplyAsync(ignored -> read.get(), agent.onAgent());
    }

    private static AppSummary summary(MasterState.App a) {
        return new AppSummary(a.appId(), a.name(), a.state(), a.submittedMillis(), a.user(), a.failure(), a.startClockMillis(),
                a.checkpoint());
    }
}
