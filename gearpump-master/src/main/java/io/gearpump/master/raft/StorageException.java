package io.gearpump.master.raft;

/** A storage could not read or write what a node needs to keep; the node must not go on. */
public final class StorageException extends RuntimeException {

    public StorageException(String message) {
        super(message);
    }

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }
}
