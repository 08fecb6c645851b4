package io.gearpump.net.rpc;

/**
 * Answers the requests that arrive on a connection. Each call runs on a virtual thread of its own,
 * never on an event loop, so it may block, and a slow request never holds up another.
 */
@FunctionalInterface
public interface RequestHandler {

    /** For a side that serves no requests: each one is answered with {@link RpcErrorCode#NO_HANDLER}. */
    RequestHandler NONE = request -> {
        throw new IllegalStateException("this peer serves no requests");
    };

    /**
     * The response body for {@code request} (any registered class, or null), or a
     * {@link java.util.concurrent.CompletionStage} of it to answer later. An exception (thrown, or
     * failing the stage) is sent back as a {@link RpcErrorCode#HANDLER_FAILED} error naming its
     * class and message; the connection keeps serving.
     */
    Object handle(Object request) throws Exception;
}
