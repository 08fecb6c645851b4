package io.gearpump.core.api;

/** An application, graph or processor that the engine refuses to run; the message says why. */
public class InvalidApplicationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public InvalidApplicationException(String message) {
        super(message);
    }
}
