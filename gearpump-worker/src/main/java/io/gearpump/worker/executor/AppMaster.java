package io.gearpump.worker.executor;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Processor;
import io.gearpump.core.cluster.ClusterProtocol.AppFinished;
import io.gearpump.core.cluster.ClusterProtocol.Done;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorReport;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorsGranted;
import io.gearpump.core.cluster.ClusterProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ClusterProtocol.ProcessorReport;
import io.gearpump.core.cluster.ClusterProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ClusterProtocol.ReportApp;
import io.gearpump.core.cluster.ClusterProtocol.RequestExecutors;
import io.gearpump.core.cluster.ClusterProtocol.StartTasks;
import io.gearpump.core.cluster.ClusterProtocol.StopTasks;
import io.gearpump.core.cluster.ClusterProtocol.TaskPlacement;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application's AppMaster, in executor 0: asks the master for executors, places the tasks
 * round robin over them, starts them, watches them (a report per second, forwarded to the master),
 * and restarts every task on the executors that are left when a task fails or an executor is lost,
 * up to {@code gearpump.app.max.restarts} times, after which the application is FAILED. Runs on its
 * own thread; executors' registrations arrive on request threads into {@code registered}.
 */
final class AppMaster {

    private static final Logger LOG = LoggerFactory.getLogger(AppMaster.class);
    private static final Duration REGISTRATION_WAIT = Duration.ofSeconds(15); // then go on with those that came
    /** Processor config: run every task of this processor on the k-th executor (mod their number). */
    static final String PLACEMENT_KEY = "placement.executor";

    private record Member(RegisterExecutor registration, RpcEndpoint endpoint) {
    }

    private final int appId;
    private final Application app;
    private final int executors;
    private final int maxRestarts;
    private final RpcClient master;
    private final RpcServer server;
    private final Map<Integer, Member> registered = new ConcurrentHashMap<>();
    private final Map<Integer, ProcessorReport> lastReceived = new TreeMap<>(); // AppMaster thread only
    private int lastAttempt = -1;
    private long lastReportNanos;

    AppMaster(NodeContext node, RpcClient master, int appId, Application app, int executors) throws Exception {
        this.appId = appId;
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
                return new Done();
            }
            throw new IllegalArgumentException("the AppMaster does not serve " + request.getClass().getSimpleName());
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
                ArrayList<TaskPlacement> placement = place(members);
                start(attempt, placement);
                String failure = watch(attempt, restarts, placement);
                if (failure == null) {
                    finish("SUCCEEDED", null);
                    return;
                }
                lastFailure = failure;
                stop(attempt);
                if (++restarts > maxRestarts) {
                    finish("FAILED", "gave up after " + maxRestarts + " restarts; last failure: " + lastFailure);
                    return;
                }
                LOG.warn("app {}: restarting its tasks (restart {} of {}): {}", appId, restarts, maxRestarts, failure);
                expected = liveMembers().size();
                int lost = executors - expected;
                if (lost > 0) {
                    try {
                        ExecutorsGranted granted = (ExecutorsGranted) request(new RequestExecutors(appId, lost, address));
                        expected += granted.executorIds().size();
                    } catch (RuntimeException e) {
                        LOG.warn("app {}: no replacement for {} lost executor(s), going on with {}: {}", appId, lost, expected,
                                e.getMessage());
                    }
                }
            }
        } catch (RuntimeException e) {
            finish("FAILED", "the AppMaster failed: " + e);
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

    private void start(int attempt, ArrayList<TaskPlacement> placement) {
        ArrayList<String> addresses = new ArrayList<>();
        int maxId = registered.keySet().stream().mapToInt(Integer::intValue).max().orElse(0);
        for (int id = 0; id <= maxId; id++) {
            Member m = registered.get(id);
            addresses.add(m == null ? "" : m.registration().streamAddress());
        }
        for (Member m : registered.values()) {
            m.endpoint().request(new StartTasks(attempt, placement, addresses), Duration.ofSeconds(30)).join();
        }
        LOG.info("app {}: attempt {} started {} tasks on executors {}", appId, attempt, placement.size(), registered.keySet());
    }

    /** Watches an attempt until every task finished (null) or something failed (the reason). */
    private String watch(int attempt, int restarts, ArrayList<TaskPlacement> placement) throws InterruptedException {
        Map<Integer, ExecutorReport> last = new TreeMap<>();
        while (true) {
            Thread.sleep(250);
            boolean allDone = true;
            for (Map.Entry<Integer, Member> e : Map.copyOf(registered).entrySet()) {
                if (!e.getValue().endpoint().isOpen()) {
                    return "executor " + e.getKey() + " on worker " + e.getValue().registration().workerId()
                            + " was lost: " + e.getValue().endpoint().closeReason();
                }
                ExecutorReport r;
                try {
                    r = (ExecutorReport) e.getValue().endpoint().request(new GetExecutorReport(attempt), Duration.ofSeconds(5)).join();
                } catch (RuntimeException ex) {
                    return "executor " + e.getKey() + " did not report: " + ex.getMessage();
                }
                last.put(e.getKey(), r);
                if (r.state().equals("FAILED") || r.state().equals("KILLED")) {
                    return "executor " + e.getKey() + ": " + (r.failure() == null ? r.state() : r.failure());
                }
                allDone &= r.state().equals("SUCCEEDED");
            }
            report(attempt, restarts, placement, last, allDone ? "SUCCEEDED" : "RUNNING");
            if (allDone) {
                return null;
            }
        }
    }

    private void report(int attempt, int restarts, ArrayList<TaskPlacement> placement, Map<Integer, ExecutorReport> reports,
                        String state) {
        Map<Integer, ProcessorReport> byProcessor = new TreeMap<>();
        long clock = Long.MAX_VALUE;
        for (ExecutorReport r : reports.values()) {
            clock = Math.min(clock, r.clockMillis());
            for (ProcessorReport p : r.processors()) {
                byProcessor.merge(p.processorId(), p, (a, b) -> new ProcessorReport(a.processorId(), a.description(),
                        a.parallelism(), a.received() + b.received(), a.sent() + b.sent(), 0));
            }
        }
        HashMap<String, Long> counters = new HashMap<>();
        reports.values().forEach(r -> r.counters().forEach((k, v) -> counters.merge(k, v, Long::sum)));
        long now = System.nanoTime();
        byProcessor.replaceAll((id, p) -> withRate(p, attempt, now));
        lastAttempt = attempt;
        lastReportNanos = now;
        try {
            request(new ReportApp(appId, state, null, restarts, clock, new ArrayList<>(byProcessor.values()), placement, counters));
        } catch (RuntimeException e) {
            LOG.warn("app {}: could not report to the master: {}", appId, e.getMessage());
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

    private void stop(int attempt) {
        for (Member m : registered.values()) {
            if (m.endpoint().isOpen()) {
                try {
                    m.endpoint().request(new StopTasks(attempt), Duration.ofSeconds(15)).join();
                } catch (RuntimeException e) {
                    LOG.warn("app {}: executor {} did not stop attempt {}: {}", appId, m.registration().executorId(), attempt, e.getMessage());
                }
            }
        }
    }

    private void finish(String state, String failure) {
        LOG.info("app {}: {}{}", appId, state, failure == null ? "" : ": " + failure);
        try {
            request(new AppFinished(appId, state, failure));
        } catch (RuntimeException e) {
            LOG.error("app {}: could not tell the master the application ended {}: {}", appId, state, e.getMessage());
        }
    }

    private Object request(Object body) {
        return master.request(body, Duration.ofSeconds(30)).join();
    }

}
