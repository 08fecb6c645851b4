package io.gearpump.net.rpc;

import java.time.Duration;

/** No answer came within the request's timeout; the peer may still process it (a late answer is dropped). */
public final class RequestTimeoutException extends RpcException {

    private static final long serialVersionUID = 1L;

    private final String requestType;
    private final Duration timeout;

    public RequestTimeoutException(String requestType, Duration timeout, String peer) {
        super("request " + requestType + " to " + peer + " got no answer within " + timeout.toMillis() + " ms");
        this.requestType = requestType;
        this.timeout = timeout;
    }

    public String requestType() {
        return requestType;
    }

    public Duration timeout() {
        return timeout;
    }
}
