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
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.Peer;
import io.gearpump.net.client.MasterChannel;
import io.gearpump.net.rpc.RemoteException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
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
 */
final class AppMaster implements Agent {

    private static final Logger LOG = LoggerFactory.getLogger(AppMaster.class);
    private static final Duration MASTER_WAIT = Duration.ofSeconds(30);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);
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

    private record Member(RegisterExecutor registration, Peer peer) {
    }

    private final Application app;
    private final MasterChannel master;
    private final Mailbox<AppMasterInput> mailbox;
    private final Settings settings;
    private final Executor onAgent;
    private final AppReporter reporter;
    private final CompletableFuture<AppState> ended = new CompletableFuture<>();
    private final AppCheckpoints checkpoints;
    // agent thread only:
    private final Map<Integer, Member> registered = new TreeMap<>();
    private Phase phase = Phase.NEW;
    private int attempt = -1;
    private List<Integer> members = List.of();
    private ArrayList<TaskPlacement> placement = new ArrayList<>();
    private int restarts; // this AppMaster's, bounded by gearpump.app.max.restarts
    private int restartsBefore = -1; // under earlier AppMasters, as the masters recorded them; known at the first attempt
    private long askedToBeginAt;
    private long stopAtMillis = Long.MAX_VALUE; // the run time's end, once the master told when the application was submitted
    private int drainedAttempt = -1; // the attempt whose executors heard that the run time is over
    private boolean drainInFlight;
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
        this.app = app;
        this.master = master;
        this.mailbox = mailbox;
        this.settings = settings;
        this.onAgent = step -> mailbox.offer(new AppMasterInput.Resume(step));
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

                    @Override
                    public void tell(ExecutorCommand<Done> command) {
                        tellMembers(command);
                    }

                    @Override
                    public CompletableFuture<Void> ask(ExecutorCommand<Done> command) {
                        return askMembers(command);
                    }
                }, this::refused);
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
            case AppMasterInput.ExecutorJoined j -> {
                registered.put(j.registration().executorId(), new Member(j.registration(), j.peer()));
                LOG.info("app {}: executor {} on worker {} registered ({})", settings.appId(), j.registration().executorId(),
                        j.registration().workerId(), j.registration().streamAddress());
            }
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

    /** A command to every executor of the running attempt, not waiting: one that does not answer fails the attempt anyway. */
    private void tellMembers(ExecutorCommand<Done> command) {
        for (int id : members) {
            Member m = registered.get(id);
            if (m != null && m.peer().isOpen()) {
                m.peer().call(command, REPORT_WAIT).exceptionally(error -> {
                    LOG.debug("app {}: executor {} did not take {}: {}", settings.appId(), id, command, describe(error));
                    return null;
                });
            }
        }
    }

    private CompletableFuture<Void> askMembers(ExecutorCommand<Done> command) {
        List<CompletableFuture<Done>> answers = new ArrayList<>();
        for (int id : members) {
            Member m = registered.get(id);
            if (m == null || !m.peer().isOpen()) {
                return CompletableFuture.failedFuture(new IllegalStateException("executor " + id + " is gone"));
            }
            answers.add(m.peer().call(command, REPORT_WAIT));
        }
        return CompletableFuture.allOf(answers.toArray(CompletableFuture[]::new));
    }

    /** What the master asks of the AppMaster: one exhaustive switch. */
    private CompletableFuture<Done> answer(AppMasterCommand<?> command) {
        return switch (command) {
            case DrainApp d -> drain();
        };
    }

    /** A graceful stop: every executor of the running attempt ends its sources; the rest drains. */
    private CompletableFuture<Done> drain() {
        List<CompletableFuture<Done>> drains = new ArrayList<>();
        if (phase == Phase.STARTING || phase == Phase.RUNNING) {
            for (int id : members) {
                Member m = registered.get(id);
                if (m != null && m.peer().isOpen()) {
                    drains.add(m.peer().call(new DrainTasks(attempt), DRAIN_WAIT));
                }
            }
        }
        return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).thenApply(all -> Done.DONE);
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
        if (error != null && refusal(error) == ClusterError.SUPERSEDED) {
            quit(describe(error));
            return;
        }
        if (error != null && attempt < 0 && !(refusal(error) == ClusterError.NO_RESOURCES && now < requestDeadline)) {
            finish(AppState.FAILED, "the AppMaster failed: " + describe(error));
            return;
        }
        if (error != null && expected == 0 && now < requestDeadline) { // nothing to go on with: ask again, a restart is not spent
            LOG.warn("app {}: no {} yet, asking again: {}", settings.appId(), attempt < 0 ? "executors" : "replacement executors",
                    describe(error));
            nextRoundMillis = now + REQUEST_RETRY_MILLIS;
            retryRequest = true;
            return;
        }
        if (error != null) {
            LOG.warn("app {}: no replacement for lost executor(s), going on with {}: {}", settings.appId(), expected,
                    describe(error));
        } else {
            expected += granted.executorIds().size();
        }
        deadline = now + settings.registrationWaitMillis();
        transition(Phase.AWAITING_EXECUTORS, "expecting " + expected + " executors");
    }

    private int awaitExecutors() {
        List<Integer> live = liveMembers();
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
            List<Integer> live = liveMembers();
            if (live.isEmpty()) {
                stopped("every executor was lost while the master confirmed the attempt");
            } else {
                start(live);
            }
        } else if (refusal(error) == ClusterError.SUPERSEDED || refusal(error) == ClusterError.APP_ENDED) {
            quit(describe(error));
        } else { // no leader just now: ask again in a moment
            LOG.warn("app {}: the master did not confirm attempt {} yet, asking again: {}", settings.appId(), attempt + 1,
                    describe(error));
            nextRoundMillis = now + REQUEST_RETRY_MILLIS;
            retryConfirm = true;
        }
    }

    private List<Integer> liveMembers() {
        registered.values().removeIf(m -> !m.peer().isOpen());
        return new ArrayList<>(registered.keySet());
    }

    // ------------------------------------------------------------------ attempts

    /** Starts the next attempt on exactly {@code live}. */
    private void start(List<Integer> live) {
        attempt++;
        members = live;
        placement = TaskPlacer.place(app, live, id -> registered.get(id).registration().workerId());
        ArrayList<String> addresses = new ArrayList<>();
        for (int id = 0; id <= live.get(live.size() - 1); id++) {
            Member m = live.contains(id) ? registered.get(id) : null;
            addresses.add(m == null ? "" : m.registration().streamAddress());
        }
        transition(Phase.STARTING, "attempt " + attempt + " on executors " + live + " from clock "
                + AppClock.describe(reporter.startClock()));
        int thisAttempt = attempt;
        CheckpointOrders orders = checkpoints.orders();
        List<CompletableFuture<String>> starts = new ArrayList<>();
        for (int id : live) {
            starts.add(registered.get(id).peer().call(new StartTasks(attempt, placement, addresses, reporter.startClock(), orders),
                    START_WAIT).handle((done, error) -> error == null ? null
                            : "executor " + id + " could not start its tasks: " + describe(error)));
        }
        CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new)).thenRunAsync(() -> {
            if (phase != Phase.STARTING || attempt != thisAttempt) {
                return;
            }
            String failure = starts.stream().map(CompletableFuture::join).filter(f -> f != null).findFirst().orElse(null);
            if (failure != null) {
                fail(failure);
            } else {
                nextRoundMillis = now + settings.reportEveryMillis();
                transition(Phase.RUNNING, "attempt " + attempt + " started " + placement.size() + " tasks"
                        + (orders.restoreFrom() > 0 ? " from checkpoint " + orders.restoreFrom() : ""));
                checkpoints.attemptStarted(tasksByExecutor(), now);
            }
        }, onAgent);
    }

    private Map<Integer, Integer> tasksByExecutor() {
        Map<Integer, Integer> out = new TreeMap<>();
        placement.forEach(p -> out.merge(p.executorId(), 1, Integer::sum));
        return out;
    }

    /** A round of executor reports every {@code reportEvery}: a lost executor or a failed task fails the attempt. */
    private int watch() {
        if (now >= stopAtMillis && drainedAttempt != attempt && !drainInFlight) {
            drainAtRunTime(attempt);
        }
        int checkpointWork = checkpoints.tick(now) ? 1 : 0;
        if (roundInFlight || now < nextRoundMillis) {
            return checkpointWork;
        }
        nextRoundMillis = now + settings.reportEveryMillis();
        for (int id : members) { // only this attempt's executors: a late registration waits for the next
            Member m = registered.get(id);
            if (m == null || !m.peer().isOpen()) {
                fail("executor " + id + (m == null ? "" : " on worker " + m.registration().workerId()) + " was lost"
                        + (m == null ? "" : ": " + m.peer().closeReason()));
                return 1;
            }
        }
        roundInFlight = true;
        int thisAttempt = attempt;
        Map<Integer, CompletableFuture<ExecutorReport>> reports = new TreeMap<>();
        members.forEach(id -> reports.put(id, registered.get(id).peer().call(new GetExecutorReport(thisAttempt), REPORT_WAIT)));
        CompletableFuture.allOf(reports.values().toArray(CompletableFuture[]::new))
                .whenCompleteAsync((all, error) -> reportsArrived(thisAttempt, reports), onAgent);
        return 1;
    }

    /** The run time is over: this attempt drains; a restart after it, or an executor that missed it, is told again. */
    private void drainAtRunTime(int thisAttempt) {
        LOG.info("app {}: its run time of {} s since submission is over: stopping the sources of attempt {}", settings.appId(),
                settings.runMillis() / 1000, thisAttempt);
        drainInFlight = true;
        drain().whenCompleteAsync((done, error) -> {
            drainInFlight = false;
            if (error == null) {
                drainedAttempt = thisAttempt;
            } else {
                LOG.warn("app {}: not every executor heard it should stop, telling them again: {}", settings.appId(), describe(error));
            }
        }, onAgent);
    }

    private void reportsArrived(int reportedAttempt, Map<Integer, CompletableFuture<ExecutorReport>> reports) {
        roundInFlight = false;
        if (phase != Phase.RUNNING || attempt != reportedAttempt) {
            return;
        }
        boolean allDone = true;
        List<ExecutorReport> got = new ArrayList<>();
        for (Map.Entry<Integer, CompletableFuture<ExecutorReport>> e : reports.entrySet()) {
            ExecutorReport r;
            try {
                r = e.getValue().join();
            } catch (CompletionException ex) {
                fail("executor " + e.getKey() + " did not report: " + describe(ex));
                return;
            }
            if (r.state() == AppState.FAILED || r.state() == AppState.KILLED) {
                fail("executor " + e.getKey() + ": " + (r.failure() == null ? r.state() : r.failure()));
                return;
            }
            allDone &= r.state() == AppState.SUCCEEDED;
            got.add(r);
        }
        // with a guarantee the application has succeeded only once its final checkpoint made the output final
        reporter.report(attempt, Math.max(0, restartsBefore) + restarts, placement, got,
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
        if (refusal(error) == ClusterError.SUPERSEDED) {
            quit(describe(error));
        }
    }

    private void stopAttempt(Runnable then) {
        int stoppedAttempt = attempt;
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int id : members) {
            Member m = registered.get(id);
            if (m != null && m.peer().isOpen()) {
                stops.add(m.peer().call(new StopTasks(stoppedAttempt), STOP_WAIT).handle((done, error) -> {
                    if (error != null) {
                        LOG.warn("app {}: executor {} did not stop attempt {}: {}", settings.appId(), id, stoppedAttempt,
                                describe(error));
                    }
                    return null;
                }));
            }
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).thenRunAsync(then, onAgent);
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
        expected = liveMembers().size();
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
            } else if (refusal(error) == ClusterError.SUPERSEDED) {
                quit(describe(error));
            } else if (now >= deadline) {
                LOG.error("app {}: could not tell the master the application ended {}: {}", settings.appId(), outcome,
                        describe(error));
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

    /** The code of a refusal, UNKNOWN for any other failure. */
    static ClusterError refusal(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e instanceof ClusterException c ? c.error() : ClusterError.UNKNOWN;
    }

    /** The message of a failure, without the wrappers of futures and remote calls. */
    static String describe(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof RemoteException r) {
            return r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
}
