package io.gearpump.net.stream;

/** A stream whose connection went away; the sending task fails with this reason. */
public class StreamLostException extends Exception {

    private static final long serialVersionUID = 1L;

    public StreamLostException(String reason) {
        super(reason);
    }
}
