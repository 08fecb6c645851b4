package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.stream.StreamHub;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * The executor's side of an application: runs the tasks the AppMaster places here, for one attempt
 * at a time, wired to the other executors through this JVM's stream hub, and reports on them.
 * Confined to the executor agent's thread, which hands it the AppMaster's commands one at a time.
 *
 * <p>An attempt runs in the engine and the hub under its attempt number: an executor hosts one
 * application, so the attempt alone names a run, the same on every executor of the application.
 */
final class TaskHost implements HostedTasks {

    private final int executorId;
    private final Application app;
    private final LocalEngine engine;
    private final StreamHub hub;
    private int attempt = -1; // the attempt running here

    TaskHost(int executorId, Application app, LocalEngine engine, StreamHub hub) {
        this.executorId = executorId;
        this.app = app;
        this.engine = engine;
        this.hub = hub;
    }

    /** What the AppMaster asks of an executor: one exhaustive switch over {@link ExecutorCommand}. */
    @Override
    public Object handle(ExecutorCommand<?> command) throws InterruptedException {
        return switch (command) {
            case StartTasks s -> start(s);
            case StopTasks s -> stop(s.attempt());
            case DrainTasks d -> drain(d.attempt());
            case GetExecutorReport g -> report(g.attempt());
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
        engine.submitPart(s.attempt(), app, hub.links(task -> placement.getOrDefault(task, -1)),
                AppClock.startTime(s.startClockMillis()));
        return Done.DONE;
    }

    private Done stop(int stopAttempt) throws InterruptedException {
        try {
            engine.kill(stopAttempt);
        } catch (UnknownApplicationException notHere) {
            // never started here
        }
        hub.release(stopAttempt);
        return Done.DONE;
    }

    private Done drain(int drainAttempt) {
        try {
            engine.stop(drainAttempt);
        } catch (UnknownApplicationException notHere) {
            // not started here
        }
        return Done.DONE;
    }

    private ExecutorReport report(int reportAttempt) {
        AppStatus s;
        try {
            s = engine.status(reportAttempt);
        } catch (UnknownApplicationException notHere) {
            return new ExecutorReport(executorId, reportAttempt, AppState.SUBMITTED, null, AppClock.NONE, new ArrayList<>(), new HashMap<>());
        }
        ArrayList<ProcessorReport> processors = new ArrayList<>();
        for (ProcessorStatus p : s.processors()) {
            processors.add(new ProcessorReport(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(), 0));
        }
        long clock = AppClock.of(s.clock());
        AppState state = s.state() == AppState.SUBMITTED ? AppState.RUNNING : s.state();
        return new ExecutorReport(executorId, reportAttempt, state, s.failure(), clock, processors, new HashMap<>(s.counters()));
    }
}
