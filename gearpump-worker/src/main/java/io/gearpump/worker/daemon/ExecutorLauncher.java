package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;

import java.util.ArrayList;

/** How a worker runs executors: as child JVMs ({@code ProcessLauncher}) or as threads ({@link InProcessLauncher}). */
public interface ExecutorLauncher extends AutoCloseable {

    /** Starts the executor; returns its process (or thread) id. */
    long launch(LaunchExecutor launch, AppBundle bundle) throws Exception;

    /** Stops every executor of the application. */
    void stop(int appId);

    /** Stops one executor of the application (one that serves an AppMaster the masters replaced). */
    void stopExecutor(int appId, int executorId);

    /** The executors started and not stopped, with whether each still runs. */
    ArrayList<ExecutorInfo> executors();

    /** Stops every executor. */
    @Override
    void close();
}
