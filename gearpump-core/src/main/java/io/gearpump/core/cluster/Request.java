package io.gearpump.core.cluster;

/**
 * A request of the cluster protocol that names its reply type, so a sender gets a typed answer
 * without a cast and a peer that answered with anything else is caught where it arrives.
 */
public interface Request<R> {

    /** The class every answer to this request is an instance of. */
    Class<R> replyType();
}
