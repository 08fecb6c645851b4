package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.MasterRequest;

import java.util.concurrent.CompletableFuture;

/** What reaches the master agent from other threads: requests, the Raft log, and the answers to its own calls. */
sealed interface MasterInput {

    /** A request on a connection; the agent completes {@code reply} (now, or once its answer is known). */
    record Asked(MasterRequest<?> request, Peer from, CompletableFuture<Object> reply) implements MasterInput {
    }

    /** A command the Raft host applied, in log order. */
    record Applied(MasterCommand command) implements MasterInput {
    }

    /** A snapshot the Raft host installed: the agent's mirror starts over from this copy. */
    record Restored(MasterState state) implements MasterInput {
    }

    /** The next step of something the agent started (a proposal committed, a worker answered). */
    record Resume(Runnable step) implements MasterInput {
    }
}
