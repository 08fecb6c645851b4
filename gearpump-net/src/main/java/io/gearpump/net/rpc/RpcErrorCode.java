package io.gearpump.net.rpc;

/**
 * Why a peer could not answer a request. Travels as its {@link #wireCode()}; append only, and a code
 * this side does not know (from a newer peer) reads as {@link #UNKNOWN}.
 */
public enum RpcErrorCode {

    /** A code from a newer peer that this side does not know. */
    UNKNOWN(0),
    /** The request handler threw (or its future failed); the message has the exception's class and message. */
    HANDLER_FAILED(1),
    /** The peer serves no requests on this connection (it is a pure client). */
    NO_HANDLER(2),
    /** The handler's answer could not be sent: its class is not registered, or it exceeds the frame limit. */
    RESPONSE_NOT_ENCODABLE(3),
    /** This peer does not serve the request; the message is the address of the one that does, or "" if unknown. */
    REDIRECT(4),
    /**
     * The handler refused the request for a reason its protocol names: the failure carries that
     * protocol's code (a {@link io.gearpump.core.cluster.ClusterError}) next to the message.
     */
    REFUSED(5);

    private final int wireCode;

    RpcErrorCode(int wireCode) {
        this.wireCode = wireCode;
    }

    public int wireCode() {
        return wireCode;
    }

    public static RpcErrorCode fromWire(int code) {
        for (RpcErrorCode c : values()) {
            if (c.wireCode == code) {
                return c;
            }
        }
        return UNKNOWN;
    }
}
