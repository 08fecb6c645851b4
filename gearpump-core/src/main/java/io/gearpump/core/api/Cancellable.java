package io.gearpump.core.api;

/** A handle to a scheduled timer. */
public interface Cancellable {

    /** Stops the timer from firing again; has no effect once a one-shot timer has fired. */
    void cancel();
}
