package io.gearpump.net.rpc;

/**
 * The connection closed before the request was answered. The peer may or may not have processed it,
 * so only an idempotent request may be sent again blindly.
 */
public final class ConnectionLostException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String peer;
    private final String reason;

    public ConnectionLostException(String requestType, String peer, String reason) {
        super("request " + requestType + " got no answer: " + peer + " closed (" + reason
                + "); the peer may or may not have processed it");
        this.peer = peer;
        this.reason = reason;
    }

    public String peer() {
        return peer;
    }

    /** Why the connection closed, e.g. {@code no heartbeat for 812 ms}. */
    public String reason() {
        return reason;
    }
}
