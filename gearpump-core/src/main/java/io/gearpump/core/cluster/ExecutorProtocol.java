package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;

import java.util.ArrayList;
import java.util.HashMap;

/** Between an AppMaster and the executors that host its tasks. */
public final class ExecutorProtocol {

    private ExecutorProtocol() {
    }

    /** AppMaster -> executor: the executor's request handler is one exhaustive switch over these. */
    public sealed interface ExecutorCommand<R> extends Request<R> {
    }

    /** Executor -> AppMaster. {@code streamAddress} is where the executor's stream hub listens. */
    public record RegisterExecutor(int executorId, int workerId, String streamAddress, long pid) implements Request<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Run the tasks placed on you, for this attempt, from {@code startClockMillis} (an {@link AppClock}). */
    public record StartTasks(int attempt, ArrayList<AppMasterProtocol.TaskPlacement> placement,
                             ArrayList<String> executorAddresses, long startClockMillis) implements ExecutorCommand<Done> {
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

    /** {@code state} is RUNNING until this executor's tasks end, SUBMITTED if the attempt never started here. */
    public record ExecutorReport(int executorId, int attempt, AppState state, String failure, long clockMillis,
                                 ArrayList<AppMasterProtocol.ProcessorReport> processors, HashMap<String, Long> counters) {
    }

    /** Kill this attempt's tasks. */
    public record StopTasks(int attempt) implements ExecutorCommand<Done> {
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
