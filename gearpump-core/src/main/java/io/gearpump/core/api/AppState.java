package io.gearpump.core.api;

/** Where an application is in its life; the last three are final. */
public enum AppState {
    SUBMITTED, RUNNING, SUCCEEDED, FAILED, KILLED;

    public boolean isFinal() {
        return this == SUCCEEDED || this == FAILED || this == KILLED;
    }
}
