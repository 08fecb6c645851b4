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
import io.gearpump.core.cluster.ExecutorProtocol.TriggerCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.AbandonCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.CompleteCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.checkpoint.CheckpointStore;
import io.gearpump.core.checkpoint.FileCheckpointStore;
import io.gearpump.core.checkpoint.SnapshotKey;
import io.gearpump.core.runtime.PartCheckpoints;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.core.state.RestoredSnapshot;
import io.gearpump.core.state.SnapshotFormat;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.task.RunId;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.stream.StreamHub;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The executor's side of an application: runs the tasks the AppMaster places here, for one attempt
 * at a time, wired to the other executors through this JVM's stream hub, and reports on them.
 * Confined to the executor agent's thread, which hands it the AppMaster's commands one at a time.
 *
 * <p>An attempt runs in the engine and the hub under its attempt number (its {@link RunId#key()}): an
 * executor hosts one application, so the attempt alone names a run, the same on every executor of
 * the application. Its tasks still name the application's id, and the attempt, to users.
 */
final class TaskHost implements HostedTasks, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(TaskHost.class);
    private static final Duration WRITER_PATIENCE = Duration.ofSeconds(5); // within the launcher's wait for the executor

    private final int executorId;
    private final int appId;
    private final Application app;
    private final LocalEngine engine;
    private final StreamHub hub;
    private final WireRegistry registry;
    private final Consumer<CheckpointTaken> toAppMaster;
    private int attempt = -1; // the attempt running here
    private SnapshotWriter snapshots; // the running attempt's, when it takes checkpoints

    /**
     * @param registry the wire types snapshots are encoded with (the application's included)
     * @param toAppMaster tells the AppMaster a checkpoint was taken here (from the snapshot writer's thread)
     */
    TaskHost(int executorId, int appId, Application app, LocalEngine engine, StreamHub hub, WireRegistry registry,
             Consumer<CheckpointTaken> toAppMaster) {
        this.executorId = executorId;
        this.appId = appId;
        this.app = app;
        this.engine = engine;
        this.hub = hub;
        this.registry = registry;
        this.toAppMaster = toAppMaster;
    }

    /** What the AppMaster asks of an executor: one exhaustive switch over {@link ExecutorCommand}. */
    @Override
    public Object handle(ExecutorCommand<?> command) throws InterruptedException {
        return switch (command) {
            case StartTasks s -> start(s);
            case StopTasks s -> stop(s.attempt());
            case DrainTasks d -> drain(d.attempt());
            case GetExecutorReport g -> report(g.attempt());
            case TriggerCheckpoint t -> {
                if (t.attempt() == attempt) {
                    engine.triggerCheckpoint(attempt, t.checkpointId());
                }
                yield Done.DONE;
            }
            case CompleteCheckpoint c -> {
                if (c.attempt() == attempt) {
                    engine.checkpointCompleted(attempt, c.checkpointId());
                }
                yield Done.DONE;
            }
            case AbandonCheckpoint a -> {
                if (a.attempt() == attempt) {
                    engine.abandonCheckpoint(attempt, a.checkpointId());
                }
                yield Done.DONE;
            }
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
        engine.submitPart(RunId.attempt(appId, s.attempt()), app, hub.links(task -> placement.getOrDefault(task, -1)),
                AppClock.startTime(s.startClockMillis()), checkpoints(s.attempt(), s.checkpoints(), placement));
        return Done.DONE;
    }

    /** The attempt's part in checkpoints: its snapshot writer, and the snapshots its stateful tasks start from. */
    private PartCheckpoints checkpoints(int forAttempt, CheckpointOrders orders, Map<TaskId, Integer> placement) {
        if (orders.guarantee() == Guarantee.NONE) {
            return PartCheckpoints.none(registry::encodes);
        }
        CheckpointStore store = new FileCheckpointStore(Path.of(orders.dir()));
        List<TaskId> here = placement.entrySet().stream().filter(e -> e.getValue() == executorId).map(Map.Entry::getKey).toList();
        Map<TaskId, RestoredSnapshot> restore = new HashMap<>();
        if (orders.restoreFrom() > 0) {
            WireCodec codec = new WireCodec(registry, Integer.MAX_VALUE - 64);
            for (TaskId task : here) {
                SnapshotKey key = new SnapshotKey(appId, orders.restoreFrom(), task);
                restore.put(task, SnapshotFormat.decode(codec, store.read(key), key + " in " + store.location(appId, orders.restoreFrom())));
            }
        }
        snapshots = new SnapshotWriter(executorId, appId, forAttempt, here.size(), store, registry, toAppMaster);
        return new PartCheckpoints(orders.guarantee(), snapshots, orders.restoreFrom(), restore, registry::encodes);
    }

    private Done stop(int stopAttempt) throws InterruptedException {
        try {
            engine.kill(stopAttempt);
        } catch (UnknownApplicationException notHere) {
            // never started here
        }
        hub.release(stopAttempt);
        if (snapshots != null && stopAttempt == attempt) {
            snapshots.close(); // not waited for: this agent must not block on a large state's encoding
            snapshots = null;
        }
        return Done.DONE;
    }

    /**
     * The executor is ending: the running attempt's snapshot writer stops, and is waited for (within
     * bounds), so no snapshot lands in the checkpoint directory after the executor has gone.
     */
    @Override
    public void close() throws InterruptedException {
        if (snapshots == null) {
            return;
        }
        snapshots.close();
        if (!snapshots.awaitStopped(WRITER_PATIENCE)) {
            LOG.warn("executor {}: the snapshot writer of attempt {} is still encoding or writing after {} s; left to finish",
                    executorId, attempt, WRITER_PATIENCE.toSeconds());
        }
        snapshots = null;
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
            return new ExecutorReport(executorId, reportAttempt, AppState.SUBMITTED, null, AppClock.NONE, new ArrayList<>(), new HashMap<>(),
                    new ArrayList<>(), engine.metrics().executor());
        }
        ArrayList<ProcessorReport> processors = new ArrayList<>();
        for (ProcessorStatus p : s.processors()) {
            processors.add(new ProcessorReport(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(), 0, 0, 0));
        }
        long clock = AppClock.of(s.clock());
        AppState state = s.state() == AppState.SUBMITTED ? AppState.RUNNING : s.state();
        return new ExecutorReport(executorId, reportAttempt, state, s.failure(), clock, processors, new HashMap<>(s.counters()),
                new ArrayList<>(engine.taskSamples(reportAttempt)), engine.metrics().executor());
    }
}
