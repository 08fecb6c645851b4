package io.gearpump.net.frame;

/** Bytes from a peer that are not a valid frame; the connection they came on is closed. */
public class FrameException extends Exception {

    private static final long serialVersionUID = 1L;

    public FrameException(String message) {
        super(message);
    }
}
