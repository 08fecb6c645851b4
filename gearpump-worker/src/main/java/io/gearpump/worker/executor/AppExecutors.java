package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.Peer;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The application's executors as its AppMaster knows them: those that registered, the members of the
 * running attempt and the tasks placed on them, and what the AppMaster sends them (start, stop, drain,
 * checkpoint commands, a round of reports). It keeps no phase of the attempt: the AppMaster decides
 * when each is sent and what an answer means; the one thing it remembers of an answer is which attempt
 * heard that the run time is over. Confined to the AppMaster agent's thread: answers that touch its
 * fields, and the report rounds, continue there through {@code onAgent}; the other futures it returns
 * carry only the executors' answers, and the AppMaster continues them on its thread.
 */
final class AppExecutors {

    private static final Logger LOG = LoggerFactory.getLogger(AppExecutors.class);
    private static final Duration START_WAIT = Duration.ofSeconds(30);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(5);
    private static final Duration STOP_WAIT = Duration.ofSeconds(15);
    private static final Duration DRAIN_WAIT = Duration.ofSeconds(10);

    private record Member(RegisterExecutor registration, Peer peer) {
    }

    private final int appId;
    private final Application app;
    private final Executor onAgent;
    private final Map<Integer, Member> registered = new TreeMap<>();
    private List<Integer> members = List.of(); // the running attempt's executors
    private ArrayList<TaskPlacement> placement = new ArrayList<>();
    private int drainedAttempt = -1; // the attempt whose executors heard that the run time is over
    private boolean drainInFlight;

    AppExecutors(int appId, Application app, Executor onAgent) {
        this.appId = appId;
        this.app = app;
        this.onAgent = onAgent;
    }

    /** An executor registered: it joins the next attempt. */
    void joined(RegisterExecutor registration, Peer peer) {
        registered.put(registration.executorId(), new Member(registration, peer));
        LOG.info("app {}: executor {} on worker {} registered ({})", appId, registration.executorId(), registration.workerId(),
                registration.streamAddress());
    }

    /** The registered executors still connected, forgetting the others. */
    List<Integer> live() {
        registered.values().removeIf(m -> !m.peer().isOpen());
        return new ArrayList<>(registered.keySet());
    }

    /** The next attempt runs on exactly {@code live}: places the application's tasks over them. */
    void place(List<Integer> live) {
        members = live;
        placement = TaskPlacer.place(app, live, id -> registered.get(id).registration().workerId());
    }

    /** The running attempt's tasks, where they are placed. */
    ArrayList<TaskPlacement> placement() {
        return placement;
    }

    /** How many of the running attempt's tasks each member runs. */
    Map<Integer, Integer> tasksByExecutor() {
        Map<Integer, Integer> out = new TreeMap<>();
        placement.forEach(p -> out.merge(p.executorId(), 1, Integer::sum));
        return out;
    }

    /** Starts the placed tasks on every member; completes with the first failure to start, null when all started. */
    CompletableFuture<String> start(int attempt, long startClock, CheckpointOrders orders) {
        ArrayList<String> addresses = new ArrayList<>();
        for (int id = 0; id <= members.get(members.size() - 1); id++) {
            Member m = members.contains(id) ? registered.get(id) : null;
            addresses.add(m == null ? "" : m.registration().streamAddress());
        }
        List<CompletableFuture<String>> starts = new ArrayList<>();
        for (int id : members) {
            starts.add(registered.get(id).peer().call(new StartTasks(attempt, placement, addresses, startClock, orders),
                    START_WAIT).handle((done, error) -> error == null ? null
                            : "executor " + id + " could not start its tasks: " + Failures.describe(error)));
        }
        return CompletableFuture.allOf(starts.toArray(CompletableFuture[]::new))
                .thenApply(all -> starts.stream().map(CompletableFuture::join).filter(f -> f != null).findFirst().orElse(null));
    }

    /** A command to every member, not waiting: one that does not answer fails the attempt anyway. */
    void tell(ExecutorCommand<Done> command) {
        for (int id : members) {
            Member m = registered.get(id);
            if (m != null && m.peer().isOpen()) {
                m.peer().call(command, REPORT_WAIT).exceptionally(error -> {
                    LOG.debug("app {}: executor {} did not take {}: {}", appId, id, command, Failures.describe(error));
                    return null;
                });
            }
        }
    }

    /** A command to every member; completes when every one has done it, fails at once if one is gone. */
    CompletableFuture<Void> ask(ExecutorCommand<Done> command) {
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

    /** Every member still connected ends the sources of {@code attempt}; the rest drains. */
    CompletableFuture<Done> drain(int attempt) {
        List<CompletableFuture<Done>> drains = new ArrayList<>();
        for (int id : members) {
            Member m = registered.get(id);
            if (m != null && m.peer().isOpen()) {
                drains.add(m.peer().call(new DrainTasks(attempt), DRAIN_WAIT));
            }
        }
        return CompletableFuture.allOf(drains.toArray(CompletableFuture[]::new)).thenApply(all -> Done.DONE);
    }

    /**
     * The application's run time of {@code runMillis} is over: {@code attempt} drains, once; a restart after it, or an
     * executor that missed it, is told again.
     */
    void runTimeOver(int attempt, long runMillis) {
        if (drainedAttempt == attempt || drainInFlight) {
            return;
        }
        LOG.info("app {}: its run time of {} s since submission is over: stopping the sources of attempt {}", appId,
                runMillis / 1000, attempt);
        drainInFlight = true;
        drain(attempt).whenCompleteAsync((done, error) -> {
            drainInFlight = false;
            if (error == null) {
                drainedAttempt = attempt;
            } else {
                LOG.warn("app {}: not every executor heard it should stop, telling them again: {}", appId,
                        Failures.describe(error));
            }
        }, onAgent);
    }

    /** Every member still connected stops the tasks of {@code attempt}; completes when each answered or failed to. */
    CompletableFuture<Void> stop(int attempt) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (int id : members) {
            Member m = registered.get(id);
            if (m != null && m.peer().isOpen()) {
                stops.add(m.peer().call(new StopTasks(attempt), STOP_WAIT).handle((done, error) -> {
                    if (error != null) {
                        LOG.warn("app {}: executor {} did not stop attempt {}: {}", appId, id, attempt, Failures.describe(error));
                    }
                    return null;
                }));
            }
        }
        return CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new));
    }

    /** The first member lost (gone or disconnected), said as the attempt's failure; null when all are there. */
    String lost() {
        for (int id : members) { // only this attempt's executors: a late registration waits for the next
            Member m = registered.get(id);
            if (m == null || !m.peer().isOpen()) {
                return "executor " + id + (m == null ? "" : " on worker " + m.registration().workerId()) + " was lost"
                        + (m == null ? "" : ": " + m.peer().closeReason());
            }
        }
        return null;
    }

    /** Asks every member for its report of {@code attempt}; {@code then} gets the answers on the agent thread once all came. */
    void askReports(int attempt, Consumer<Reports> then) {
        Map<Integer, CompletableFuture<ExecutorReport>> answers = new TreeMap<>();
        members.forEach(id -> answers.put(id, registered.get(id).peer().call(new GetExecutorReport(attempt), REPORT_WAIT)));
        CompletableFuture.allOf(answers.values().toArray(CompletableFuture[]::new))
                .whenCompleteAsync((all, error) -> then.accept(new Reports(answers)), onAgent);
    }

    /** A round's answers by executor, every one complete. */
    record Reports(Map<Integer, CompletableFuture<ExecutorReport>> answers) {

        /** Why the round fails the attempt (an executor did not report, or its tasks failed or were killed); null if not. */
        String failure() {
            for (Map.Entry<Integer, CompletableFuture<ExecutorReport>> e : answers.entrySet()) {
                ExecutorReport r;
                try {
                    r = e.getValue().join();
                } catch (CompletionException ex) {
                    return "executor " + e.getKey() + " did not report: " + Failures.describe(ex);
                }
                if (r.state() == AppState.FAILED || r.state() == AppState.KILLED) {
                    return "executor " + e.getKey() + ": " + (r.failure() == null ? r.state() : r.failure());
                }
            }
            return null;
        }

        /** The reports, once {@link #failure()} found none. */
        List<ExecutorReport> reports() {
            return answers.values().stream().map(CompletableFuture::join).toList();
        }

        /** Whether every executor's tasks have ended by themselves. */
        boolean allSucceeded() {
            return reports().stream().allMatch(r -> r.state() == AppState.SUCCEEDED);
        }
    }
}
