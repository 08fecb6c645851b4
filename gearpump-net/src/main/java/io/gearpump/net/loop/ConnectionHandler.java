package io.gearpump.net.loop;

/**
 * What a connection does with what arrives. Called on the connection's event loop thread: it must
 * not block and must not run user code (hand such work to another thread).
 */
public interface ConnectionHandler {

    default void onOpen(Connection connection) {
    }

    /** One frame's payload; throwing closes the connection with the exception as the reason. */
    void onFrame(Connection connection, byte[] payload) throws Exception;

    /** Called once, whatever closed the connection. */
    default void onClose(Connection connection, String reason) {
    }
}
