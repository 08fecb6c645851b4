package io.gearpump.core.checkpoint;

/** A snapshot could not be written or read back; the message names what and where. */
public class CheckpointException extends RuntimeException {

    public CheckpointException(String message) {
        super(message);
    }

    public CheckpointException(String message, Throwable cause) {
        super(message, cause);
    }
}
