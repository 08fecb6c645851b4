package io.gearpump.core.cluster;

import java.util.ArrayList;

/** Between a worker and the leading master: registration and heartbeats one way, launches and stops the other. */
public final class WorkerProtocol {

    private WorkerProtocol() {
    }

    /** Worker -> master. */
    public sealed interface WorkerRequest<R> extends MasterRequest<R> {
    }

    /** Master -> worker: the worker's request handler is one exhaustive switch over these. */
    public sealed interface WorkerCommand<R> extends Request<R> {
    }

    /**
     * {@code address} is where the worker can be reached (for information); {@code previousId} is the id an
     * earlier leader gave it (-1 if none), kept when free so executors and placements that name it stay right
     * across a master failover.
     */
    public record RegisterWorker(String address, int slots, long pid, int previousId) implements WorkerRequest<WorkerRegistered> {
        @Override
        public Class<WorkerRegistered> replyType() {
            return WorkerRegistered.class;
        }
    }

    public record WorkerRegistered(int workerId, int heartbeatMillis) {
    }

    /** {@code known == false} in the answer tells the worker to register again. */
    public record WorkerHeartbeat(int workerId, ArrayList<ExecutorInfo> executors) implements WorkerRequest<HeartbeatAck> {
        @Override
        public Class<HeartbeatAck> replyType() {
            return HeartbeatAck.class;
        }
    }

    public record HeartbeatAck(boolean known) {
    }

    public record ExecutorInfo(int appId, int executorId, long pid, boolean alive) {
    }

    /** The application's jar and description, fetched by a worker once for each executor it launches. */
    public record FetchJar(int appId) implements WorkerRequest<AppBundle> {
        @Override
        public Class<AppBundle> replyType() {
            return AppBundle.class;
        }
    }

    public record AppBundle(int appId, String name, String jarName, byte[] jar, byte[] app) {
    }

    /**
     * Starts an executor; the worker fetches the jar with {@link FetchJar}. {@code masters}: every master,
     * comma separated. For the AppMaster (executor 0) {@code executors} is how many executors to ask for and
     * {@code startClockMillis} the replicated clock to start the tasks from (an {@link AppClock}), and
     * {@code lastCheckpoint} the last completed checkpoint (0 for none).
     * {@code epoch}: the AppMaster's epoch (for an executor, that of the AppMaster it serves); the masters
     * serve an application's AppMaster only while its epoch is the application's latest (see
     * {@link AppMasterProtocol}).
     */
    public record LaunchExecutor(int appId, int executorId, int workerId, boolean appMaster, String masters,
                                 String appMasterAddress, int executors, long startClockMillis, int epoch, long lastCheckpoint)
            implements WorkerCommand<ExecutorLaunched> {
        @Override
        public Class<ExecutorLaunched> replyType() {
            return ExecutorLaunched.class;
        }
    }

    public record ExecutorLaunched(long pid) {
    }

    /** Stops every executor of the application on that worker. */
    public record StopExecutors(int appId) implements WorkerCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Stops one executor of the application: one that serves an AppMaster the masters have replaced. */
    public record StopExecutor(int appId, int executorId) implements WorkerCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }
}
