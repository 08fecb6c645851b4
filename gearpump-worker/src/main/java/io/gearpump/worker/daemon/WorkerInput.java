package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;

import java.util.concurrent.CompletableFuture;

/** What reaches the worker agent from other threads. */
sealed interface WorkerInput {

    /** The master asks something; the agent completes {@code reply}. */
    record Commanded(WorkerCommand<?> command, CompletableFuture<Object> reply) implements WorkerInput {
    }

    /** Answers now come over a new connection (another master, or a reconnection): register there. */
    record Moved(String master) implements WorkerInput {
    }

    /** The next step of something the agent started (the master answered a registration or a heartbeat). */
    record Resume(Runnable step) implements WorkerInput {
    }
}
