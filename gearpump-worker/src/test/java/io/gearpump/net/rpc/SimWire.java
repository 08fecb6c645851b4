package io.gearpump.net.rpc;

import io.gearpump.core.cluster.ClusterException;

import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * How a request handler's failure reaches the caller over the RPC layer, for a simulated connection:
 * as {@link RequestRunner} sends it and {@link RpcEndpoint} reads it. A redirect arrives as a
 * {@link RemoteException} with {@link RpcErrorCode#REDIRECT} and the target as its message, a
 * refusal as the same {@link ClusterException} (code and message), anything else as a
 * {@link RemoteException} with {@link RpcErrorCode#HANDLER_FAILED} naming the exception.
 */
public final class SimWire {

    private SimWire() {
    }

    public static RuntimeException failure(Throwable handlerFailure, String requestType, String peer) {
        Throwable e = handlerFailure;
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return switch (e) {
            case RedirectException r -> new RemoteException(RpcErrorCode.REDIRECT, r.target(), requestType, peer);
            case ClusterException c -> new ClusterException(c.error(), c.getMessage());
            default -> new RemoteException(RpcErrorCode.HANDLER_FAILED, e.getClass().getName() + ": " + e.getMessage(),
                    requestType, peer);
        };
    }
}
