package io.gearpump.worker.executor;

import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.cluster.Peer;

import java.util.concurrent.CompletableFuture;

/** What reaches an AppMaster agent from other threads. */
sealed interface AppMasterInput {

    /** An executor of this application registered on {@code peer}. */
    record ExecutorJoined(RegisterExecutor registration, Peer peer) implements AppMasterInput {
    }

    /** An executor took a checkpoint (or failed to). */
    record CheckpointTakenOn(CheckpointTaken taken) implements AppMasterInput {
    }

    /** The master asks something; the agent completes {@code reply}. */
    record Commanded(AppMasterCommand<?> command, CompletableFuture<Object> reply) implements AppMasterInput {
    }

    /** The next step of something the agent started (executors granted, reports answered). */
    record Resume(Runnable step) implements AppMasterInput {
    }
}
