package io.gearpump.core.cluster;

/**
 * Why a master, worker, AppMaster or executor refused a request. Travels as its {@link #wireCode()}
 * with the refusal (next to a message for people), so callers tell refusals apart by code, never by
 * their text. Append only; a code this side does not know (from a newer peer) reads as {@link #UNKNOWN}.
 */
public enum ClusterError {

    /** A code from a newer peer, or a failure that is not a refusal. */
    UNKNOWN(0),
    /** No application has this id. */
    UNKNOWN_APP(1),
    /** The application has ended: nothing more can be done with it. */
    APP_ENDED(2),
    /** The submission itself is wrong: not a jar, no description, an application that does not load. */
    INVALID_SUBMISSION(3),
    /** Not enough free slots on the workers. */
    NO_RESOURCES(4),
    /** Masters answered but none leads, or a majority did not confirm in time. */
    NO_QUORUM(5),
    /** The peer is not (yet) in a state to serve this, e.g. an AppMaster still starting. */
    NOT_READY(6),
    /** The peer does not serve this kind of request at all. */
    UNSUPPORTED(7),
    /** No master answered at all within the failover timeout. */
    NO_MASTER(8),
    /**
     * Fenced: the request comes from, or is addressed to, something the cluster has replaced. An
     * AppMaster the masters replaced by a newer one (a higher epoch) must not start tasks or ask for
     * executors any more: it stops its tasks and exits. A launch addressed to a worker registration
     * the masters retired is not carried out.
     */
    SUPERSEDED(9);

    private final int wireCode;

    ClusterError(int wireCode) {
        this.wireCode = wireCode;
    }

    public int wireCode() {
        return wireCode;
    }

    public static ClusterError fromWire(int code) {
        for (ClusterError e : values()) {
            if (e.wireCode == code) {
                return e;
            }
        }
        return UNKNOWN;
    }
}
