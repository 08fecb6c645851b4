package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.ClusterProtocol.Done;
import io.gearpump.core.cluster.ClusterProtocol.DrainTasks;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorReport;
import io.gearpump.core.cluster.ClusterProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ClusterProtocol.ProcessorReport;
import io.gearpump.core.cluster.ClusterProtocol.StartTasks;
import io.gearpump.core.cluster.ClusterProtocol.StopTasks;
import io.gearpump.core.cluster.ClusterProtocol.TaskPlacement;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.stream.StreamHub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The executor's side of an application: runs the tasks the AppMaster places here, for one attempt
 * at a time, wired to the other executors through this JVM's stream hub, and reports on them.
 * Requests from the AppMaster arrive on virtual threads; the engine and hub are thread-safe.
 */
final class TaskHost implements RequestHandler {

    private final int appId;
    private final int executorId;
    private final Application app;
    private final LocalEngine engine;
    private final StreamHub hub;
    private volatile int attempt = -1; // the attempt running here; written by AppMaster requests

    TaskHost(int appId, int executorId, Application app, LocalEngine engine, StreamHub hub) {
        this.appId = appId;
        this.executorId = executorId;
        this.app = app;
        this.engine = engine;
        this.hub = hub;
    }

    /** The id this attempt runs under in the engine and the hub: attempts never share streams. */
    static int runId(int appId, int attempt) {
        return appId * 1000 + attempt;
    }

    @Override
    public Object handle(Object request) throws Exception {
        return switch (request) {
            case StartTasks s -> start(s);
            case StopTasks s -> stop(s.attempt());
            case DrainTasks d -> drain(d.attempt());
            case GetExecutorReport g -> report(g.attempt());
            default -> throw new IllegalArgumentException("an executor does not serve " + request.getClass().getSimpleName());
        };
    }

    private Done start(StartTasks s) throws InterruptedException {
        int previous = attempt;
        if (previous >= 0 && previous != s.attempt()) {
            stop(previous); // never two attempts at once, even if the AppMaster's stop did not get here
        }
        Map<TaskId, Integer> placement = new HashMap<>();
        for (TaskPlacement p : s.placement()) {
            placement.put(new TaskId(p.processorId(), p.index()), p.executorId());
        }
        for (int i = 0; i < s.executorAddresses().size(); i++) {
            String a = s.executorAddresses().get(i);
            if (a != null && !a.isEmpty()) {
                hub.addPeer(i, NodeContext.parseAddress(a));
            }
        }
        attempt = s.attempt();
        engine.submitPart(runId(appId, s.attempt()), app, hub.links(task -> placement.getOrDefault(task, -1)),
                AppClock.startTime(s.startClockMillis()));
        return new Done();
    }

    private Done stop(int stopAttempt) throws InterruptedException {
        int run = runId(appId, stopAttempt);
        try {
            engine.kill(run);
        } catch (IllegalArgumentException unknown) {
            // never started here
        }
        hub.release(run);
        return new Done();
    }

    private Done drain(int drainAttempt) {
        try {
            engine.stop(runId(appId, drainAttempt));
        } catch (IllegalArgumentException unknown) {
            // not started here
        }
        return new Done();
    }

    private ExecutorReport report(int reportAttempt) {
        AppStatus s;
        try {
            s = engine.status(runId(appId, reportAttempt));
        } catch (IllegalArgumentException unknown) {
            return new ExecutorReport(executorId, reportAttempt, "SUBMITTED", null, AppClock.NONE, new ArrayList<>(), new HashMap<>());
        }
        ArrayList<ProcessorReport> processors = new ArrayList<>();
        for (ProcessorStatus p : s.processors()) {
            processors.add(new ProcessorReport(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(), 0));
        }
        long clock = AppClock.of(s.clock());
        String state = s.state() == AppState.SUBMITTED ? "RUNNING" : s.state().name();
        return new ExecutorReport(executorId, reportAttempt, state, s.failure(), clock, processors, new HashMap<>(s.counters()));
    }
}
