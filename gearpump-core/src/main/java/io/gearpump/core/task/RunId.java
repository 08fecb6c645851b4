package io.gearpump.core.task;

/**
 * Names one run of an application's tasks in a JVM. {@code key} is what the run goes by in its
 * engine and on the wire (its streams' keys): the application id on a local engine; in an executor,
 * which hosts one application, the attempt. Log lines and failures name the application and the
 * attempt ({@link #toString()}), never the key, which users cannot tell from an application id.
 */
public record RunId(int appId, int attempt, int key) {

    /** The attempt of a run that is not one of several: an application on a local engine. */
    public static final int NO_ATTEMPT = -1;

    /** Application {@code appId} run once, keyed by its id. */
    public static RunId of(int appId) {
        return new RunId(appId, NO_ATTEMPT, appId);
    }

    /** Attempt {@code attempt} of application {@code appId}, keyed by the attempt. */
    public static RunId attempt(int appId, int attempt) {
        return new RunId(appId, attempt, attempt);
    }

    /** "app 1 (sum)", or "app 1 (sum) attempt 3": for lines that name the application as well. */
    public String named(String appName) {
        String app = "app " + appId + " (" + appName + ")";
        return attempt == NO_ATTEMPT ? app : app + " attempt " + attempt;
    }

    /** "app 1", or "app 1 (attempt 3)". */
    @Override
    public String toString() {
        return attempt == NO_ATTEMPT ? "app " + appId : "app " + appId + " (attempt " + attempt + ")";
    }
}
