package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Request;
import io.gearpump.net.rpc.RpcEndpoint;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * A worker's or an AppMaster's connection, as the master agent uses it: the seam between the agent
 * and the transport (a socket here, an in-memory link in a simulation). One object per connection,
 * so identity tells connections apart.
 */
interface Peer {

    <R> CompletableFuture<R> call(Request<R> request, Duration timeout);

    boolean isOpen();

    void close(String reason);

    /** Why the connection closed, once it has. */
    String closeReason();

    /** A connection of the master's RPC server. */
    static Peer of(RpcEndpoint endpoint) {
        return new Peer() {
            @Override
            public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
                return endpoint.call(request, timeout);
            }

            @Override
            public boolean isOpen() {
                return endpoint.isOpen();
            }

            @Override
            public void close(String reason) {
                endpoint.close(reason);
            }

            @Override
            public String closeReason() {
                return endpoint.closeReason();
            }

            @Override
            public String toString() {
                return endpoint.toString();
            }
        };
    }
}
