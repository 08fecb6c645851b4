package io.gearpump.master.raft;

/**
 * A command's sequence number is below the last one applied for its client, whose result is the
 * only one kept: the command was applied (or skipped) earlier and its result is gone. A client that
 * waits for each answer before sending its next command never sees this.
 */
public final class ExpiredSequenceException extends RuntimeException {

    public ExpiredSequenceException(long clientId, long sequence, long lastSequence) {
        super("client " + clientId + " sequence " + sequence + " is older than its last applied sequence "
                + lastSequence + "; its result is no longer kept", null, false, false);
    }
}
