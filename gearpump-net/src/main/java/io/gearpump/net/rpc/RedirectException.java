package io.gearpump.net.rpc;

/**
 * Thrown by a request handler that does not serve this request but knows who should (a master that
 * is not the leader): the caller gets {@link RpcErrorCode#REDIRECT} with {@link #target()} as the
 * message, empty when no one is known to serve it now (e.g. during an election).
 */
public final class RedirectException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final String target;

    public RedirectException(String target, String why) {
        super(why + (target == null || target.isEmpty() ? "; no leader is known" : "; the leader is " + target));
        this.target = target == null ? "" : target;
    }

    /** host:port of the peer that serves the request, or "" when none is known. */
    public String target() {
        return target;
    }
}
