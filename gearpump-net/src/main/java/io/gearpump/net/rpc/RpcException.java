package io.gearpump.net.rpc;

/**
 * Why a request got no answer. A request's future fails with one of the subclasses:
 * {@link RemoteException} (the peer answered with an error), {@link RequestTimeoutException},
 * {@link ConnectionLostException} (the connection closed while the request was out),
 * {@link NotAuthenticatedException} (it closed because authentication failed) or
 * {@link NotConnectedException} (there was no connection to send it on).
 */
public abstract class RpcException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    RpcException(String message) {
        super(message);
    }
}
