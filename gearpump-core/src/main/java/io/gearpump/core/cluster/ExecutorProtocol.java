package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;

import io.gearpump.core.metrics.ExecutorSample;
import io.gearpump.core.metrics.TaskSample;

import java.util.ArrayList;
import java.util.HashMap;

/** Between an AppMaster and the executors that host its tasks. */
public final class ExecutorProtocol {

    private ExecutorProtocol() {
    }

    /** AppMaster -> executor: the executor's request handler is one exhaustive switch over these. */
    public sealed interface ExecutorCommand<R> extends Request<R> {
    }

    /** Executor -> AppMaster: the AppMaster's executor-facing handler is one exhaustive switch over these. */
    public sealed interface ExecutorRequest<R> extends Request<R> {
    }

    /** Executor -> AppMaster. {@code streamAddress} is where the executor's stream hub listens. */
    public record RegisterExecutor(int executorId, int workerId, String streamAddress, long pid) implements ExecutorRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /**
     * How an attempt's tasks take part in checkpoints: the guarantee, the checkpoint directory, and the
     * completed checkpoint they start from ({@code restoreFrom}; 0 for none).
     */
    public record CheckpointOrders(Guarantee guarantee, String dir, long restoreFrom) {
        public static final CheckpointOrders NONE = new CheckpointOrders(Guarantee.NONE, "", 0);
    }

    /**
     * Run the tasks placed on you, for this attempt, from {@code startClockMillis} (an {@link AppClock})
     * and, with a guarantee, from the snapshots of checkpoint {@code checkpoints.restoreFrom}.
     */
    public record StartTasks(int attempt, ArrayList<AppMasterProtocol.TaskPlacement> placement,
                             ArrayList<String> executorAddresses, long startClockMillis,
                             CheckpointOrders checkpoints) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    public record GetExecutorReport(int attempt) implements ExecutorCommand<ExecutorReport> {
        @Override
        public Class<ExecutorReport> replyType() {
            return ExecutorReport.class;
        }
    }

    /**
     * {@code state} is RUNNING until this executor's tasks end, SUBMITTED if the attempt never started here.
     * {@code tasks} holds the last second's metrics of its running tasks, {@code jvm} its JVM's (null when
     * metrics are off).
     */
    public record ExecutorReport(int executorId, int attempt, AppState state, String failure, long clockMillis,
                                 ArrayList<AppMasterProtocol.ProcessorReport> processors, HashMap<String, Long> counters,
                                 ArrayList<TaskSample> tasks, ExecutorSample jvm) {
    }

    /** Kill this attempt's tasks. */
    public record StopTasks(int attempt) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Your sources of this attempt take checkpoint {@code checkpointId} now; the barriers take it on from there. */
    public record TriggerCheckpoint(int attempt, long checkpointId) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Checkpoint {@code checkpointId} completed: tasks may make final what they prepared for it (a sink's output). */
    public record CompleteCheckpoint(int attempt, long checkpointId) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Checkpoint {@code checkpointId} is given up: tasks still aligning it let their inputs flow. */
    public record AbandonCheckpoint(int attempt, long checkpointId) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /**
     * Executor -> AppMaster: every task of this executor took checkpoint {@code checkpointId} and its
     * snapshot is durable ({@code tasks} snapshots, {@code bytes} in all); or, with a {@code failure},
     * one could not be written.
     */
    public record CheckpointTaken(int executorId, int attempt, long checkpointId, int tasks, long bytes, String failure)
            implements ExecutorRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** End this attempt's sources; the rest drains. */
    public record DrainTasks(int attempt) implements ExecutorCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }
}
