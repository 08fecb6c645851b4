package io.gearpump.worker.executor;

import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;

import java.util.concurrent.CompletableFuture;

/** What reaches an executor agent from other threads. */
sealed interface ExecutorInput {

    /** The AppMaster asks something; the agent completes {@code reply}. */
    record Commanded(ExecutorCommand<?> command, CompletableFuture<Object> reply) implements ExecutorInput {
    }

    /** The next step of something the agent started (its registration answered). */
    record Resume(Runnable step) implements ExecutorInput {
    }
}
