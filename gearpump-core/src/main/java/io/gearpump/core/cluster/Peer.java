package io.gearpump.core.cluster;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Another process of the cluster on one connection, as an agent uses it (a worker or AppMaster for
 * the master, an executor for its AppMaster): the seam between agents and the transport (a socket's
 * RPC endpoint, or an in-memory link in a simulation). One object per connection, so identity tells
 * connections apart.
 */
public interface Peer {

    /** A typed request; fails with the peer's refusal, a timeout or the connection's loss. */
    <R> CompletableFuture<R> call(Request<R> request, Duration timeout);

    boolean isOpen();

    /** Closes the connection (any thread); calls still out fail with {@code reason}. */
    void close(String reason);

    /** Why the connection closed, once it has; null before. */
    String closeReason();
}
