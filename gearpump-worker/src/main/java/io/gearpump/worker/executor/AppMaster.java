package io.gearpump.worker.executor;

import io.gearpump.core.agent.Agent;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.AppMasterProtocol.AttemptBegun;
import io.gearpump.core.cluster.AppMasterProtocol.BeginAttempt;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's AppMaster as a single-writer agent: asks the master for executors, places the
 * tasks over those that registered, starts them, watches them (a round of executor reports every
 * {@code reportEvery}, summed and forwarded to the master) and, when a task fails or an executor is
 * lost, stops the attempt and starts a new one on the executors that are left (asking for
 * replacements), up to {@code maxRestarts} times, after which the application is FAILED. Then it
 * tells the master the outcome, through failovers, and ends.
 *
 * <p>It is the application's AppMaster of one epoch, which it names to the master in every request;
 * before each attempt it asks the master whether it may start it ({@code BeginAttempt}). Once the
 * master says a newer AppMaster replaced it (SUPERSEDED), it stops its tasks and ends without an
 * outcome: the application is the newer one's.
 *
 * <p>With a guarantee, its {@link AppCheckpoints} take a checkpoint every interval while an attempt
 * runs; an attempt starts from the last one the masters recorded (their answer to
 * {@code BeginAttempt}), and none starts while one is being recorded.
 *
 * <p>Its life is an enum of phases with one logging transition; every call it makes continues on
 * its own thread when answered, so nothing waits: a slow executor or a master failing over only
 * delays the step that needs it. Time is the {@code now} of each step.
 *
 * <p>It owns the attempts: their phase, number, restarts and outcome. Its helpers are confined to its
 * thread with it: {@link AppExecutors} (who registered, the running attempt's members and placement, the
 * commands and report rounds sent to them), {@link AppCheckpoints} and {@link AppReporter}.
 */
final class AppMaster implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(AppMaster.class);
    private static final Duration MASTER_WAIT = Duration.ofSeconds(30);
    private static final long RETRY_END_MILLIS = 100;
    private static final long REQUEST_RETRY_MILLIS = 1_000;
    /**
     * The master's word that an attempt may start holds only if it came back this soon: an answer the
     * network held longer (a cut that heals) may be older than this AppMaster's replacement, so it asks again.
     */
    private static final long CONFIRMATION_VALID_MILLIS = 1_000;

    enum Phase { NEW, REQUESTING, AWAITING_EXECUTORS, CONFIRMING, STARTING, RUNNING, STOPPING, FINISHING, ENDED }

    /**
     * The application's orders, this AppMaster's epoch and its timings; {@code runMillis} how long after
     * its submission the application is stopped (0: until it ends by itself).
     */
    record Settings(int appId, int epoch, int executors, int maxRestarts, String address, long startClockMillis,
                    long reportEveryMillis, long registrationWaitMillis, long finishPatienceMillis, long runMillis) {
        Settings(int appId, int epoch, int executors, int maxRestarts, String address, long startClockMillis,
                 long reportEveryMillis, long registrationWaitMillis, long finishPatienceMillis) {
            this(appId, epoch, executors, maxRestarts, address, startClockMillis, reportEveryMillis, registrationWaitMillis,
                    finishPatienceMillis, 0);
        }
    }

    private final MasterChannel master;
    private final Mailbox<AppMasterInput> mailbox;
    private final Settings settings;
    private final Executor onAgent;
    private final AppReporter reporter;
    private final CompletableFuture<AppState> ended = new CompletableFuture<>();
    private final AppCheckpoints checkpoints;
    private final AppExecutors executors;
    // agent thread only:
    private Phase phase = Phase.NEW;
    private int attempt = -1;
    private int restarts; // this AppMaster's, bounded by gearpump.app.max.restarts
    private int restartsBefore = -1; // under earlier AppMasters, as the masters recorded them; known at the first attempt
    private long askedToBeginAt;
    private long stopAtMillis = Long.MAX_VALUE; // the run time's end, once the master told when the application was submitted
    private int expected;
    private long deadline;
    private long nextRoundMillis;
    private boolean roundInFlight;
    private AppState outcome;
    private String outcomeFailure;
    private boolean endInFlight;
    private boolean retryRequest;
    private boolean retryConfirm;
    private boolean quitting;
    private long requestDeadline;
    private long now;

    AppMaster(Application app, MasterChannel master, Mailbox<AppMasterInput> mailbox, Settings settings) {
        this(app, master, mailbox, settings, CheckpointSettings.NONE, 0);
    }

    /** With checkpoints as {@code checkpoints} says, after {@code lastCheckpoint} (the last completed one, 0 for none). */
    AppMaster(Application app, MasterChannel master, Mailbox<AppMasterInput> mailbox, Settings settings,
              CheckpointSettings checkpoints, long lastCheckpoint) {
        this.master = master;
        this.mailbox = mailbox;
        this.settings = settings;
        this.onAgent = step -> mailbox.offer(new AppMasterInput.Resume(step));
        this.executors = new AppExecutors(settings.appId(), app, onAgent);
        this.reporter = new AppReporter(settings.appId(), settings.epoch(), master, onAgent, settings.startClockMillis(),
                AppReporter.edgesOf(app.graph()), this::refused);
        this.checkpoints = new AppCheckpoints(settings.appId(), settings.epoch(), checkpoints, lastCheckpoint, master, onAgent,
                new AppCheckpoints.Attempt() {
                    @Override
                    public int number() {
                        return attempt;
                    }

                    @Override
                    public boolean running() {
                        return phase == Phase.RUNNING;
                    }
                }, executors, this::refused);
    }

    @Override
    public String name() {
        return "appmaster-" + settings.appId();
    }

    /**
     * Completes with the outcome once the master has been told (or could not be, within the patience); with
     * null when this AppMaster quit without one (a newer one replaced it, or the application ended without it).
     */
    CompletableFuture<AppState> ended() {
        return ended;
    }

    @Override
    public int doWork(long nowMillis) {
        now = nowMillis;
        int work = mailbox.drain(this::handle);
        switch (phase) {
            case NEW -> {
                // slots may be held a moment longer by the executors of an AppMaster this one replaces
                requestDeadline = now + settings.registrationWaitMillis();
                transition(Phase.REQUESTING, "asking for " + settings.executors() + " executors");
                requestExecutors(settings.executors());
                work++;
            }
            case AWAITING_EXECUTORS -> work += awaitExecutors();
            case CONFIRMING -> {
                if (retryConfirm && now >= nextRoundMillis) {
                    retryConfirm = false;
                    askToBegin();
                    work++;
                }
            }
            case RUNNING -> work += watch();
            case FINISHING -> work += tellTheEnd();
            case REQUESTING -> {
                if (retryRequest && now >= nextRoundMillis) {
                    retryRequest = false;
                    requestExecutors(settings.executors() - expected);
                    work++;
                }
            }
            case STARTING, STOPPING, ENDED -> {
                // waiting for answers, which come as inputs
            }
        }
        return work;
    }

    private void handle(AppMasterInput input) {
        switch (input) {
            case AppMasterInput.ExecutorJoined j -> executors.joined(j.registration(), j.peer());
            case AppMasterInput.Commanded c -> answer(c.command()).whenComplete((value, error) -> {
                if (error == null) {
                    c.reply().complete(value);
                } else {
                    c.reply().completeExceptionally(error);
                }
            });
            case AppMasterInput.Resume r -> r.step().run();
            case AppMasterInput.CheckpointTakenOn t -> checkpoints.taken(t.taken(), now);
        }
    }

    /** What the master asks of the AppMaster: one exhaustive switch. */
    private CompletableFuture<Done> answer(AppMasterCommand<?> command) {
        return switch (command) {
            case DrainApp d -> drain();
        };
    }

    /** A graceful stop: every executor of the running attempt ends its sources; the rest drains. */
    private CompletableFuture<Done> drain() {
        return phase == Phase.STARTING || phase == Phase.RUNNING ? executors.drain(attempt)
                : CompletableFuture.completedFuture(Done.DONE);
    }

    // ------------------------------------------------------------------ executors

    private void requestExecutors(int count) {
        master.call(new RequestExecutors(settings.appId(), settings.epoch(), count, settings.address()), MASTER_WAIT)
                .whenCompleteAsync(this::granted, onAgent);
    }

    private void granted(ExecutorsGranted granted, Throwable error) {
        if (phase != Phase.REQUESTING) {
            return;
        }
        if (error != null && Failures.refusal(error) == ClusterError.SUPERSEDED) {
            quit(Failures.describe(error));
            return;
        }
        if (error != null && attempt < 0 && !(Failures.refusal(error) == ClusterError.NO_RESOURCES && now < requestDeadline)) {
            finish(AppState.FAILED, "the AppMaster failed: " + Failures.describe(error));
            return;
        }
        if (error != null && expected == 0 && now < requestDeadline) { // nothing to go on with: ask again, a restart is not spent
            LOG.warn("app {}: no {} yet, asking again: {}", settings.appId(), attempt < 0 ? "executors" : "replacement executors",
                    Failures.describe(error));
            nextRoundMillis = now + REQUEST_RETRY_MILLIS;
            retryRequest = true;
            return;
        }
        if (error != null) {
            LOG.warn("app {}: no replacement for lost executor(s), going on with {}: {}", settings.appId(), expected,
                    Failures.describe(error));
        } else {
            expected += granted.executorIds().size();
        }
        deadline = now + settings.registrationWaitMillis();
        transition(Phase.AWAITING_EXECUTORS, "expecting " + expected + " executors");
    }

    private int awaitExecutors() {
        List<Integer> live = executors.live();
        if (live.size() < expected && now < deadline) {
            return 0;
        }
        if (live.isEmpty()) { // every executor was lost before it registered: replaced, like a lost one
            stopped("no executor registered within " + settings.registrationWaitMillis() / 1000 + " s");
        } else if (checkpoints.recordingInFlight()) {
            return 0; // its answer decides where the next attempt starts from: wait for it
        } else {
            transition(Phase.CONFIRMING, "asking the master whether epoch " + settings.epoch() + " may start attempt "
                    + (attempt + 1));
            askToBegin();
        }
        return 1;
    }

    /** No attempt starts without the master's word that this AppMaster is still the application's latest. */
    private void askToBegin() {
        askedToBeginAt = now;
        master.call(new BeginAttempt(settings.appId(), settings.epoch(), attempt + 1), MASTER_WAIT)
                .whenCompleteAsync(this::mayBegin, onAgent);
    }

    private void mayBegin(AttemptBegun begun, Throwable error) {
        if (phase != Phase.CONFIRMING) {
            return;
        }
        if (error == null && now - askedToBeginAt > CONFIRMATION_VALID_MILLIS) {
            LOG.warn("app {}: the master's word on attempt {} took {} ms to come: asking again", settings.appId(), attempt + 1,
                    now - askedToBeginAt);
            askToBegin();
        } else if (error == null) {
            checkpoints.masterRecorded(begun.lastCheckpoint()); // the masters' word, settled: restore from it
            if (restartsBefore < 0) { // the first attempt of this AppMaster: every one before was a restart
                restartsBefore = begun.restarts();
            }
            if (settings.runMillis() > 0) {
                stopAtMillis = begun.submittedMillis() + settings.runMillis();
            }
            reporter.countedBefore(begun.countedBefore());
            List<Integer> live = executors.live();
            if (live.isEmpty()) {
                stopped("every executor was lost while the master confirmed the attempt");
            } else {
                start(live);
            }
        } else if (Failures.refusal(error) == ClusterError.SUPERSEDED || Failures.refusal(error) == ClusterError.APP_ENDED) {
            quit(Failures.describe(error));
        } else { // no leader just now: ask again in a moment
            LOG.warn("app {}: the master did not confirm attempt {} yet, asking again: {}", settings.appId(), attempt + 1,
                    Failures.describe(error));
            nextRoundMillis = now + REQUEST_RETRY_MILLIS;
            retryConfirm = true;
        }
    }

    // ------------------------------------------------------------------ attempts

    /** Starts the next attempt on exactly {@code live}. */
    private void start(List<Integer> live) {
        attempt++;
        executors.place(live);
        transition(Phase.STARTING, "attempt " + attempt + " on executors " + live + " from clock "
                + AppClock.describe(reporter.startClock()));
        int thisAttempt = attempt;
        CheckpointOrders orders = checkpoints.orders();
        executors.start(attempt, reporter.startClock(), orders).thenAcceptAsync(failure -> {
            if (phase != Phase.STARTING || attempt != thisAttempt) {
                return;
            }
            if (failure != null) {
                fail(failure);
            } else {
                nextRoundMillis = now + settings.reportEveryMillis();
                transition(Phase.RUNNING, "attempt " + attempt + " started " + executors.placement().size() + " tasks"
                        + (orders.restoreFrom() > 0 ? " from checkpoint " + orders.restoreFrom() : ""));
                checkpoints.attemptStarted(executors.tasksByExecutor(), now);
            }
        }, onAgent);
    }

    /** A round of executor reports every {@code reportEvery}: a lost executor or a failed task fails the attempt. */
    private int watch() {
        if (now >= stopAtMillis) {
            executors.runTimeOver(attempt, settings.runMillis());
        }
        int checkpointWork = checkpoints.tick(now) ? 1 : 0;
        if (roundInFlight || now < nextRoundMillis) {
            return checkpointWork;
        }
        nextRoundMillis = now + settings.reportEveryMillis();
        String lost = executors.lost();
        if (lost != null) {
            fail(lost);
            return 1;
        }
        roundInFlight = true;
        int thisAttempt = attempt;
        executors.askReports(thisAttempt, reports -> reportsArrived(thisAttempt, reports));
        return 1;
    }

    private void reportsArrived(int reportedAttempt, AppExecutors.Reports reports) {
        roundInFlight = false;
        if (phase != Phase.RUNNING || attempt != reportedAttempt) {
            return;
        }
        String failure = reports.failure();
        if (failure != null) {
            fail(failure);
            return;
        }
        boolean allDone = reports.allSucceeded();
        // with a guarantee the application has succeeded only once its final checkpoint made the output final
        reporter.report(attempt, Math.max(0, restartsBefore) + restarts, executors.placement(), reports.reports(),
                allDone && checkpoints.guarantee() == Guarantee.NONE ? AppState.SUCCEEDED : AppState.RUNNING,
                checkpoints.guarantee(), checkpoints.lastFailure(), now);
        if (allDone) {
            checkpoints.finish(now, () -> finish(AppState.SUCCEEDED, null));
        }
    }

    /** Stops the attempt everywhere, then restarts (bounded) on the executors that are left. */
    private void fail(String failure) {
        transition(Phase.STOPPING, failure);
        checkpoints.attemptStopped();
        stopAttempt(() -> stopped(failure));
    }

    /**
     * This AppMaster may not go on (a newer one replaced it, or the application ended without it): it stops
     * the attempt's tasks and ends without an outcome.
     */
    private void quit(String reason) {
        if (quitting || phase == Phase.ENDED) {
            return;
        }
        quitting = true;
        outcome = null;
        if (phase == Phase.FINISHING) { // the tasks have ended or were stopped already
            end(reason);
            return;
        }
        transition(Phase.STOPPING, "quitting: " + reason);
        stopAttempt(() -> end(reason));
    }

    /** The master refused a request of this AppMaster: a newer one replaced it. */
    private void refused(Throwable error) {
        if (Failures.refusal(error) == ClusterError.SUPERSEDED) {
            quit(Failures.describe(error));
        }
    }

    private void stopAttempt(Runnable then) {
        executors.stop(attempt).thenRunAsync(then, onAgent);
    }

    private void stopped(String failure) {
        if (quitting) {
            return; // the quit's own stop ends it
        }
        if (++restarts > settings.maxRestarts()) {
            finish(AppState.FAILED, settings.maxRestarts() == 0
                    ? "no restart allowed (gearpump.app.max.restarts = 0); failure: " + failure
                    : "gave up after " + settings.maxRestarts() + " restarts; last failure: " + failure);
            return;
        }
        LOG.warn("app {}: restarting its tasks (restart {} of {}): {}", settings.appId(), restarts, settings.maxRestarts(), failure);
        expected = executors.live().size();
        int lost = settings.executors() - expected;
        if (lost > 0) {
            transition(Phase.REQUESTING, "replacing " + lost + " lost executor(s)");
            requestDeadline = now + settings.registrationWaitMillis();
            requestExecutors(lost);
        } else {
            deadline = now + settings.registrationWaitMillis();
            transition(Phase.AWAITING_EXECUTORS, "restart " + restarts);
        }
    }

    // ------------------------------------------------------------------ the end

    /**
     * Tells the master the outcome, retrying through failovers for a while: a lost message would rerun
     * the job. A report still in flight goes first, so the master never sees RUNNING after the end.
     */
    private void finish(AppState state, String failure) {
        checkpoints.attemptStopped();
        outcome = state;
        outcomeFailure = failure;
        deadline = now + settings.finishPatienceMillis();
        nextRoundMillis = now;
        transition(Phase.FINISHING, state + (failure == null ? "" : ": " + failure));
    }

    private int tellTheEnd() {
        if (endInFlight || now < nextRoundMillis || (!reporter.inFlight().isDone() && now < deadline)) {
            return 0;
        }
        endInFlight = true;
        AppFinished end = new AppFinished(settings.appId(), settings.epoch(), outcome, outcomeFailure);
        master.call(end, MASTER_WAIT).whenCompleteAsync((done, error) -> {
            endInFlight = false;
            if (error == null) {
                end("the master knows");
            } else if (Failures.refusal(error) == ClusterError.SUPERSEDED) {
                quit(Failures.describe(error));
            } else if (now >= deadline) {
                LOG.error("app {}: could not tell the master the application ended {}: {}", settings.appId(), outcome,
                        Failures.describe(error));
                end("the master could not be told");
            } else {
                nextRoundMillis = now + RETRY_END_MILLIS;
            }
        }, onAgent);
        return 1;
    }

    private void end(String reason) {
        if (phase == Phase.ENDED) {
            return;
        }
        transition(Phase.ENDED, reason);
        ended.complete(outcome);
    }

    private void transition(Phase to, String reason) {
        LOG.info("app {}: {} -> {} ({})", settings.appId(), phase, to, reason);
        phase = to;
    }
}
