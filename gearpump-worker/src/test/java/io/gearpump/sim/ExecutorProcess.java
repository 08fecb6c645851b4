package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.DrainTasks;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.GetExecutorReport;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.ExecutorProtocol.StartTasks;
import io.gearpump.core.cluster.ExecutorProtocol.StopTasks;
import io.gearpump.core.cluster.ExecutorProtocol.TriggerCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.AbandonCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.CompleteCheckpoint;
import io.gearpump.worker.executor.SimAppMaster;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.concurrent.CompletableFuture;

/**
 * An executor process hosting simulated tasks: the real executor agent, with tasks that run until
 * stopped (or drained) and report a clock. Remembers which AppMaster started the attempt it runs.
 */
final class ExecutorProcess extends ChildProcess {

    final int executorId;
    final AppMasterProcess appMaster;
    private final Invariants invariants;
    private final SimAppMaster.Executor executor;
    int runningAttempt = -1;
    long tasksSince; // when the running attempt started here
    private boolean drained;

    ExecutorProcess(Invariants invariants, String address, WorkerProcess worker, int appId, int executorId, int workerId,
                    AppMasterProcess appMaster) {
        super(address, worker, appId, workerId);
        this.invariants = invariants;
        this.executorId = executorId;
        this.appMaster = appMaster;
        SimConnection toAppMaster = new SimConnection(world, this, appMaster);
        if (!appMaster.alive) {
            toAppMaster.close("the AppMaster is gone");
        }
        this.executor = new SimAppMaster.Executor(new RegisterExecutor(executorId, workerId, address, 1), toAppMaster.toServer(),
                this::tasks);
    }

    /** Whether tasks of an attempt run here, started by {@link #appMaster}. */
    boolean runsTasks() {
        return alive && runningAttempt >= 0 && !drained;
    }

    private Object tasks(ExecutorCommand<?> command) {
        return switch (command) {
            case StartTasks s -> {
                runningAttempt = s.attempt();
                tasksSince = world.now();
                world.trace(address + " starts attempt " + s.attempt() + " of " + appMaster.address);
                drained = false;
                yield Done.DONE;
            }
            case StopTasks s -> {
                if (s.attempt() == runningAttempt) {
                    runningAttempt = -1;
                }
                yield Done.DONE;
            }
            case DrainTasks d -> {
                drained = d.attempt() == runningAttempt || drained;
                yield Done.DONE;
            }
            case GetExecutorReport g -> new ExecutorReport(executorId, g.attempt(), g.attempt() != runningAttempt
                    ? AppState.SUBMITTED : drained ? AppState.SUCCEEDED : AppState.RUNNING, null, world.now() - 1_000,
                    new ArrayList<>(), new HashMap<>(), new ArrayList<>(), null);
            case TriggerCheckpoint t -> Done.DONE; // the simulated applications take no checkpoints
            case AbandonCheckpoint a -> Done.DONE;
            case CompleteCheckpoint c -> Done.DONE;
        };
    }

    @Override
    void deliver(Object request, SimConnection connection, CompletableFuture<Object> reply) {
        if (request instanceof StartTasks) {
            invariants.startTasksArrived(this, connection.sentAt());
        }
        if (request instanceof ExecutorCommand<?> c) {
            executor.command(c, reply);
        } else {
            reply.completeExceptionally(new IllegalArgumentException("an executor does not serve " + request));
        }
    }

    @Override
    int step(long now) {
        int work = executor.step(now);
        if (executor.ended()) {
            crash("exited: its AppMaster is gone");
        }
        return work;
    }

    @Override
    boolean hasInput() {
        return executor.hasInput();
    }
}
