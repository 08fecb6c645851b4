package io.gearpump.worker.executor;

import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;

/** What an executor agent runs its AppMaster's commands on: the tasks hosted here ({@link TaskHost}, or a simulation's). */
interface HostedTasks {

    /** Carries out one command of the AppMaster and returns its answer. */
    Object handle(ExecutorCommand<?> command) throws InterruptedException;
}
