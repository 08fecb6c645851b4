package io.gearpump.core.api;

/** An application id that the cluster does not know. */
public class UnknownApplicationException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnknownApplicationException(int appId, java.util.Collection<Integer> known) {
        super("unknown application id " + appId + (known.isEmpty() ? " (no applications submitted)"
                : " (known ids: " + known + ")"));
    }
}
