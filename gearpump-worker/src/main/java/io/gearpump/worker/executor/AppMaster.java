package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Processor;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.AppMasterProtocol.DrainApp;
import io.gearpump.core.cluster.AppMasterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.RequestExecutors;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's AppMaster, in executor 0: asks the master for executors, places the tasks
 * round robin over them, starts them, watches them (a report per second, forwarded to the master),
 * and restarts every task on the executors that are left when a task fails or an executor is lost,
 * up to {@code gearpump.app.max.restarts} times, after which the application is FAILED. Runs on its
 * own thread; executors' registrations arrive on request threads into {@code registered}.
 * Reports go to the master every 250 ms, without waiting for the answer; while the masters fail
 * over, a report waits for the new leader and the rounds in between send none, so the application
 * runs on undisturbed.
 */
final class AppMaster {

    private static final Logger LOG = LoggerFactory.getLogger(AppMaster.class);
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(15); // then go on with those that came
    private static final Duration FINISH_PATIENCE = Duration.ofSeconds(30); // to tell the master the outcome
    /** Processor config: run every task of this processor on the k-th executor (mod their number). */
    static final String PLACEMENT_KEY = "placement.executor";

    private record Member(RegisterExecutor registration, RpcEndpoint endpoint) {
    }

    private final int appId;
    private final Application app;
    private final int executors;
    private final int maxRestarts;
    private final MasterLink master;
    private final RpcServer server;
    private final Map<Integer, Member> registered = new ConcurrentHashMap<>();
    private record Attempt(int number, List<Integer> members) {
    }

    private volatile Attempt current; // written by the AppMaster thread, read by the master's drain request
    private final Map<Integer, ProcessorReport> lastReceived = new TreeMap<>(); // AppMaster thread only
    private int lastAttempt = -1; // AppMaster thread only
    private long startClock; // AppMaster thread only: where the next attempt's tasks start, the latest application clock
    private long lastReportNanos; // AppMaster thread only
    private CompletableFuture<Done> reportInFlight = CompletableFuture.completedFuture(Done.DONE); // AppMaster thread only
    private final AtomicInteger failedReports = new AtomicInteger(); // in a row; counted where a report's answer arrives

    /** {@code startClockMillis}: the replicated clock to start the tasks from (an {@link AppClock}). */
    AppMaster(NodeContext node, MasterLink master, int appId, Application app, int executors, long startClockMillis)
            throws Exception {
        this.appId = appId;
        this.startClock = startClockMillis;
        this.app = app;
        this.executors = executors;
        this.maxRestarts = node.config().get(GearConfig.APP_MAX_RESTARTS);
        this.master = master;
        this.server = node.serve(new InetSocketAddress(node.config().get(GearConfig.BIND_ADDRESS), 0), this::handler);
    }

    private RequestHandler handler(RpcEndpoint endpoint) {
        return request -> {
            if (request instanceof RegisterExecutor r) {
                registered.put(r.executorId(), new Member(r, endpoint));
                LOG.info("app {}: executor {} on worker {} registered ({})", appId, r.executorId(), r.workerId(), r.streamAddress());
                return Done.DONE;
            }
            throw ClusterException.unsupported("the AppMaster", request);
        };
    }

    /** Runs the application to its end; returns normally once the master has been told the outcome. */
    void run() throws InterruptedException {
        String address = NodeContext.format(server.address());
        int restarts = 0;
        String lastFailure = null;
        try {
            request(new RequestExecutors(appId, executors, address));
            int expected = executors;
            for (int attempt = 0; ; attempt++) {
                List<Integer> members = awaitMembers(expected);
                current = new Attempt(attempt, members);
                ArrayList<TaskPlacement> placement = place(members);
                String failure = start(attempt, members, placement);
                if (failure == null) {
                    failure = watch(attempt, restarts, members, placement);
                }
                if (failure == null) {
                    finish(AppState.SUCCEEDED, null);
                    return;
                }
                lastFailure = failure;
                stop(attempt, members);
                if (++restarts > maxRestarts) {
                    finish(AppState.FAILED, "gave up after " + maxRestarts + " restarts; last failure: " + lastFailure);
                    return;
                }
                LOG.warn("app {}: restarting its tasks (restart {} of {}): {}", appId, restarts, maxRestarts, failure);
                expected = liveMembers().size();
                int lost = executors - expected;
                if (lost > 0) {
                    try {
                        ExecutorsGranted granted = request(new RequestExecutors(appId, lost, address));
                        expected += granted.executorIds().size();
                    } catch (RuntimeException e) {
                        LOG.warn("app {}: no replacement for {} lost executor(s), going on with {}: {}", appId, lost, expected,
                                e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            finish(AppState.FAILED, "the AppMaster failed: " + describe(e));
        } finally {
            server.close();
        }
    }

    private List<Integer> awaitMembers(int expected) throws InterruptedException {
        long deadline = System.nanoTime() + REGISTRATION_WAIT.toNanos();
        while (liveMembers().size() < expected && System.nanoTime() < deadline) {
            Thread.sleep(20);
        }
        List<Integer> live = liveMembers();
        if (live.isEmpty()) {
            throw new IllegalStateException("no executor registered within " + REGISTRATION_WAIT.toSeconds() + " s");
        }
        return live;
    }

    private List<Integer> liveMembers() {
        registered.values().removeIf(m -> !m.endpoint().isOpen());
        return new ArrayList<>(new TreeMap<>(registered).keySet());
    }

    /**
     * Task i of the whole application (processors in order) goes to executor i mod n, unless its
     * processor's config names an executor ({@value #PLACEMENT_KEY} = k: the k-th executor, mod n).
     */
    private ArrayList<TaskPlacement> place(List<Integer> members) {
        ArrayList<TaskPlacement> out = new ArrayList<>();
        int i = 0;
        List<Processor> processors = app.graph().processors();
        for (int pid = 0; pid < processors.size(); pid++) {
            int pinned = processors.get(pid).config().getInt(PLACEMENT_KEY, -1);
            for (int index = 0; index < processors.get(pid).parallelism(); index++) {
                int slot = pinned >= 0 ? pinned : i;
                i++;
                int executor = members.get(slot % members.size());
                out.add(new TaskPlacement(pid, index, executor, registered.get(executor).registration().workerId()));
            }
        }
        return out;
    }

    /** What the master asks of the AppMaster: one exhaustive switch over {@link AppMasterCommand}. */
    Object handleFromMaster(AppMasterCommand<?> command) {
        return switch (command) {
            case DrainApp d -> drain();
        };
    }

    /** A graceful stop: every executor of the running attempt ends its sources. */
    private Done drain() {
        Attempt a = current;
        if (a != null) {
            for (int id : a.members()) {
                Member m = registered.get(id);
                if (m != null && m.endpoint().isOpen()) {
                    m.endpoint().call(new DrainTasks(a.number()), Duration.ofSeconds(10)).join();
                }
            }
        }
        return Done.DONE;
    }

    /** Starts the attempt on exactly {@code members}; returns why it could not, or null. */
    private String start(int attempt, List<Integer> members, ArrayList<TaskPlacement> placement) {
        ArrayList<String> addresses = new ArrayList<>();
        int maxId = members.stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int id = 0; id <= maxId; id++) {
            Member m = members.contains(id) ? registered.get(id) : null;
            addresses.add(m == null ? "" : m.registration().streamAddress());
        }
        for (int id : members) {
            Member m = registered.get(id);
            try {
                m.endpoint().call(new StartTasks(attempt, placement, addresses, startClock), Duration.ofSeconds(30)).join();
            } catch (RuntimeException e) {
                return "executor " + id + " could not start its tasks: " + describe(e);
            }
        }
        LOG.info("app {}: attempt {} started {} tasks on executors {} from clock {}", appId, attempt, placement.size(), members,
                AppClock.describe(startClock));
        return null;
    }

    /** Watches an attempt until every task finished (null) or something failed (the reason). */
    private String watch(int attempt, int restarts, List<Integer> members, ArrayList<TaskPlacement> placement)
            throws InterruptedException {
        Map<Integer, ExecutorReport> last = new TreeMap<>();
        while (true) {
            Thread.sleep(250);
            boolean allDone = true;
            for (int id : members) { // only this attempt's executors: a late registration waits for the next
                Member m = registered.get(id);
                if (m == null || !m.endpoint().isOpen()) {
                    return "executor " + id + (m == null ? "" : " on worker " + m.registration().workerId())
                            + " was lost" + (m == null ? "" : ": " + m.endpoint().closeReason());
                }
                ExecutorReport r;
                try {
                    r = m.endpoint().call(new GetExecutorReport(attempt), Duration.ofSeconds(5)).join();
                } catch (RuntimeException ex) {
                    return "executor " + id + " did not report: " + describe(ex);
                }
                last.put(id, r);
                if (r.state() == AppState.FAILED || r.state() == AppState.KILLED) {
                    return "executor " + id + ": " + (r.failure() == null ? r.state() : r.failure());
                }
                allDone &= r.state() == AppState.SUCCEEDED;
            }
            report(attempt, restarts, placement, last, allDone ? AppState.SUCCEEDED : AppState.RUNNING);
            if (allDone) {
                return null;
            }
        }
    }

    private void report(int attempt, int restarts, ArrayList<TaskPlacement> placement, Map<Integer, ExecutorReport> reports,
                        AppState state) {
        Map<Integer, ProcessorReport> byProcessor = new TreeMap<>();
        long clock = AppClock.END;
        for (ExecutorReport r : reports.values()) {
            clock = Math.min(clock, r.clockMillis());
            for (ProcessorReport p : r.processors()) {
                byProcessor.merge(p.processorId(), p, (a, b) -> new ProcessorReport(a.processorId(), a.description(),
                        a.parallelism(), a.received() + b.received(), a.sent() + b.sent(), 0));
            }
        }
        if (AppClock.isPoint(clock)) { // a restart replays from here; the master replicates it
            startClock = AppClock.isPoint(startClock) ? Math.max(startClock, clock) : clock;
        }
        HashMap<String, Long> counters = new HashMap<>();
        reports.values().forEach(r -> r.counters().forEach((k, v) -> counters.merge(k, v, Long::sum)));
        long now = System.nanoTime();
        byProcessor.replaceAll((id, p) -> withRate(p, attempt, now));
        lastAttempt = attempt;
        lastReportNanos = now;
        if (!reportInFlight.isDone()) {
            return; // the master is slow, or failing over: the report in flight carries the news, this round sends none
        }
        reportInFlight = master.call(new ReportApp(appId, state, null, restarts, clock, new ArrayList<>(byProcessor.values()),
                placement, counters)).whenComplete((answer, error) -> reported(error));
    }

    /** Quiet about failed reports: the first of a run is logged, the next ones only at debug; a report is sent every round anyway. */
    private void reported(Throwable error) {
        if (error == null) {
            int failed = failedReports.getAndSet(0);
            if (failed > 0) {
                LOG.info("app {}: reports reach the master {} again (after {} failed)", appId, master.current(), failed);
            }
        } else if (failedReports.getAndIncrement() == 0) {
            LOG.info("app {}: a report did not reach the masters, sending the next one next round: {}", appId, describe(error));
        } else {
            LOG.debug("app {}: a report did not reach the masters: {}", appId, describe(error));
        }
    }

    /** Messages per second since the previous report of the same attempt (a restart starts counting again). */
    private ProcessorReport withRate(ProcessorReport p, int attempt, long now) {
        ProcessorReport before = attempt == lastAttempt ? lastReceived.get(p.processorId()) : null;
        lastReceived.put(p.processorId(), p);
        double rate = before == null || now == lastReportNanos ? 0
                : Math.max(0, p.received() - before.received()) * 1e9 / (now - lastReportNanos);
        return new ProcessorReport(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(), rate);
    }

    private void stop(int attempt, List<Integer> members) {
        for (int id : members) {
            Member m = registered.get(id);
            if (m == null) {
                continue;
            }
            if (m.endpoint().isOpen()) {
                try {
                    m.endpoint().call(new StopTasks(attempt), Duration.ofSeconds(15)).join();
                } catch (RuntimeException e) {
                    LOG.warn("app {}: executor {} did not stop attempt {}: {}", appId, m.registration().executorId(), attempt, e.getMessage());
                }
            }
        }
    }

    /**
     * Tells the master the outcome, retrying through failovers for a while: a lost message would rerun
     * the job. A report still in flight goes first, so the master never sees RUNNING after the end.
     */
    private void finish(AppState state, String failure) {
        LOG.info("app {}: {}{}", appId, state, failure == null ? "" : ": " + failure);
        long deadline = System.nanoTime() + FINISH_PATIENCE.toNanos();
        try {
            reportInFlight.get(FINISH_PATIENCE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        } catch (ExecutionException | TimeoutException e) {
            // it failed or hangs: the outcome matters more
        }
        while (true) {
            try {
                request(new AppFinished(appId, state, failure)); // the link itself waits out a failover
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline || master.isClosed()) {
                    LOG.error("app {}: could not tell the master the application ended {}: {}", appId, state, describe(e));
                    return;
                }
            }
            try {
                Thread.sleep(100); // never spin: this thread shares its carrier with tasks
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** The message of a failure, without the wrappers of futures and remote calls. */
    static String describe(Throwable t) {
        Throwable e = t;
        while (e instanceof java.util.concurrent.CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof io.gearpump.net.rpc.RemoteException r) {
            return r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    private <R> R request(Request<R> body) {
        return master.call(body, Duration.ofSeconds(30)).join();
    }

}
