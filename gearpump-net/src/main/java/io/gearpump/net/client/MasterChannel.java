package io.gearpump.net.client;

import io.gearpump.core.cluster.Request;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * The way to the leading master, as an agent sees it: the seam between a worker or AppMaster agent
 * and the transport ({@link MasterLink} over sockets; an in-memory link in a simulation).
 */
public interface MasterChannel {

    /** A typed request to the leader; fails with the leader's refusal, or when no leader answered in time. */
    <R> CompletableFuture<R> call(Request<R> request, Duration timeout);

    /** The master talked to now, for logs. */
    String current();
}
