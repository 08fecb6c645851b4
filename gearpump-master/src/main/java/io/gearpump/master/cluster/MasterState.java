package io.gearpump.master.cluster;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The master's durable state: the application and worker id counters and every application
 * (description, jar, state). Changed only by {@link #apply}. Confined to the caller's discipline:
 * commands are applied under the master's lock.
 */
final class MasterState {

    /** One application as the master keeps it; the jar and description stay opaque bytes. */
    record App(int appId, String name, String user, String jarName, byte[] jar, byte[] app, int executors,
               long submittedMillis, String state, String failure) {

        App withState(String newState, String newFailure) {
            return new App(appId, name, user, jarName, jar, app, executors, submittedMillis, newState, newFailure);
        }

        boolean isFinal() {
            return state.equals("SUCCEEDED") || state.equals("FAILED") || state.equals("KILLED");
        }
    }

    private final Map<Integer, App> apps = new TreeMap<>();
    private int lastAppId;
    private int lastWorkerId;

    /** Applies one command; returns its result (the new application's id for AddApp). */
    Object apply(MasterCommand command) {
        return switch (command) {
            case MasterCommand.AddApp a -> {
                int id = ++lastAppId;
                apps.put(id, new App(id, a.name(), a.user(), a.jarName(), a.jar(), a.app(), a.executors(),
                        a.submittedMillis(), "SUBMITTED", null));
                yield id;
            }
            case MasterCommand.SetAppState s -> {
                App app = apps.get(s.appId());
                if (app != null && !app.isFinal()) {
                    apps.put(s.appId(), app.withState(s.state(), s.failure()));
                }
                yield apps.get(s.appId());
            }
            case MasterCommand.AddWorker w -> ++lastWorkerId;
        };
    }

    App app(int appId) {
        return apps.get(appId);
    }

    List<App> apps() {
        return new ArrayList<>(apps.values());
    }

    int lastAppId() {
        return lastAppId;
    }

    int lastWorkerId() {
        return lastWorkerId;
    }

    /** For restoring a snapshot only. */
    void lastWorkerId(int id) {
        lastWorkerId = id;
    }

    /** For restoring a snapshot only. */
    void put(App app) {
        apps.put(app.appId(), app);
    }

    /** For restoring a snapshot only. */
    void lastAppId(int id) {
        lastAppId = id;
    }
}
