package io.gearpump.core.cluster;

/**
 * A refusal with a {@link ClusterError} code: thrown by a request handler, it reaches the caller
 * as the same exception (code and message) on the other side of the wire. An IllegalStateException,
 * so callers that report any state failure in one line (`bin/gear`) need no new case.
 */
public final class ClusterException extends IllegalStateException {

    private static final long serialVersionUID = 1L;

    private final ClusterError error;

    public ClusterException(ClusterError error, String message) {
        super(message);
        this.error = error;
    }

    public ClusterError error() {
        return error;
    }

    public static ClusterException unknownApp(int appId) {
        return new ClusterException(ClusterError.UNKNOWN_APP, "unknown application id " + appId);
    }

    public static ClusterException unsupported(String who, Object request) {
        return new ClusterException(ClusterError.UNSUPPORTED, who + " does not serve " + request.getClass().getSimpleName());
    }
}
