package io.gearpump.net.loop;

import io.gearpump.net.frame.FrameView;

/**
 * What a connection does with what arrives. Called on the connection's event loop thread: it must
 * not block and must not run user code (hand such work to another thread).
 */
public interface ConnectionHandler {

    default void onOpen(Connection connection) {
    }

    /** One frame's payload; throwing closes the connection with the exception as the reason. */
    void onFrame(Connection connection, byte[] payload) throws Exception;

    /**
     * One frame where it was read, valid during the call only. By default a copy goes to
     * {@link #onFrame(Connection, byte[])}; a handler that can use the bytes in place overrides this.
     */
    default void onFrame(Connection connection, FrameView frame) throws Exception {
        onFrame(connection, frame.copy());
    }

    /** Called once, whatever closed the connection. */
    default void onClose(Connection connection, String reason) {
    }
}
