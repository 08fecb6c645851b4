package io.gearpump.net.rpc;

/**
 * The connection closed because authentication failed: the peers' cluster secrets
 * ({@code gearpump.cluster.secret}) differ, or only one side has one. The peer processed nothing, and
 * sending again cannot succeed until a configuration changes.
 */
public final class NotAuthenticatedException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String peer;
    private final String reason;

    NotAuthenticatedException(String requestType, String peer, String reason) {
        super("request " + requestType + " not served: " + peer + " closed (" + reason + ")");
        this.peer = peer;
        this.reason = reason;
    }

    public String peer() {
        return peer;
    }

    /** Why authentication failed, e.g. {@code authentication failed: the peer requires authentication ...}. */
    public String reason() {
        return reason;
    }
}
