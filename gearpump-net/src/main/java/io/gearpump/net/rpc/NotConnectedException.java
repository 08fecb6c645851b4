package io.gearpump.net.rpc;

/** Nothing was sent: there is no open connection to the peer right now. Retrying later may succeed. */
public final class NotConnectedException extends RpcException {

    private static final long serialVersionUID = 1L;

    NotConnectedException(String message) {
        super(message);
    }
}
