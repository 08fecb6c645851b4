package io.gearpump.net.rpc;

/** The peer received the request and answered with an error instead of a response. */
public final class RemoteException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final RpcErrorCode code;
    private final String remoteMessage;

    RemoteException(RpcErrorCode code, String remoteMessage, String requestType, String peer) {
        super("request " + requestType + " failed at " + peer + ": " + code + ": " + remoteMessage);
        this.code = code;
        this.remoteMessage = remoteMessage;
    }

    public RpcErrorCode code() {
        return code;
    }

    /** What the peer said, e.g. the class and message of the exception its handler threw. */
    public String remoteMessage() {
        return remoteMessage;
    }
}
