package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
import io.gearpump.core.cluster.ClusterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The master's durable state: the application, worker and executor id counters, the retired
 * workers and every application (description, jar, state, start clock, AppMaster epoch, and the last
 * checkpoint it completed: recorded here before any sink makes its output final, so a restart after
 * any failure, of any process, starts from it), and where each master's REST API was when it last
 * led. Changed only by
 * {@link #apply}. Not thread-safe: the Raft host's thread keeps one (for snapshots) and the master
 * agent a mirror of its own, fed the same commands in the same order.
 */
final class MasterState {

    private static final byte[] NO_JAR = new byte[0];

    /**
     * One application as the master keeps it; the jar and description stay opaque bytes.
     * {@code appMasterEpoch} is the epoch of its latest AppMaster, the only one the leader serves;
     * executors with ids from {@code firstExecutorOfEpoch} on were granted to that AppMaster, lower ones
     * to AppMasters it replaced.
     */
    record App(int appId, String name, String user, String jarName, byte[] jar, byte[] app, int executors,
               long submittedMillis, AppState state, String failure, long startClockMillis, int lastExecutorId,
               int appMasterEpoch, int firstExecutorOfEpoch, CheckpointInfo checkpoint) {

        App withState(AppState newState, String newFailure) {
            App next = new App(appId, name, user, jarName, jar, app, executors, submittedMillis, newState, newFailure,
                    startClockMillis, lastExecutorId, appMasterEpoch, firstExecutorOfEpoch, checkpoint);
            return next.isFinal() ? next.withoutJar() : next;
        }

        private App withoutJar() {
            return new App(appId, name, user, jarName, NO_JAR, app, executors, submittedMillis, state, failure,
                    startClockMillis, lastExecutorId, appMasterEpoch, firstExecutorOfEpoch, checkpoint);
        }

        App withStartClock(long clockMillis) {
            return new App(appId, name, user, jarName, jar, app, executors, submittedMillis, state, failure,
                    clockMillis, lastExecutorId, appMasterEpoch, firstExecutorOfEpoch, checkpoint);
        }

        App withExecutors(int newLastExecutorId) {
            return new App(appId, name, user, jarName, jar, app, executors, submittedMillis, state, failure,
                    startClockMillis, newLastExecutorId, appMasterEpoch, firstExecutorOfEpoch, checkpoint);
        }

        /** The next AppMaster: the next epoch, its executors numbered after every one granted so far. */
        App withNewAppMaster() {
            return new App(appId, name, user, jarName, jar, app, executors, submittedMillis, state, failure,
                    startClockMillis, lastExecutorId, appMasterEpoch + 1, lastExecutorId + 1, checkpoint);
        }

        App withCheckpoint(CheckpointInfo completed) {
            return new App(appId, name, user, jarName, jar, app, executors, submittedMillis, state, failure,
                    startClockMillis, lastExecutorId, appMasterEpoch, firstExecutorOfEpoch, completed);
        }

        /** Whether executor {@code executorId} (not 0, the AppMaster) was granted to an AppMaster since replaced. */
        boolean servesAReplacedAppMaster(int executorId) {
            return executorId > 0 && executorId < firstExecutorOfEpoch;
        }

        /** Whether {@code clockMillis} would move this running application's start clock forward. */
        boolean advancesClock(long clockMillis) {
            return !isFinal() && AppClock.isPoint(clockMillis)
                    && (!AppClock.isPoint(startClockMillis) || clockMillis > startClockMillis);
        }

        boolean isFinal() {
            return state.isFinal();
        }
    }

    /**
     * An application's attempts: how many started, the latest's AppMaster epoch and number, and what the
     * attempts before the latest processed. Replicated, so restarts and counts survive an AppMaster's loss.
     */
    record Attempts(int started, int epoch, int attempt, List<ProcessedCounts> countedBefore) {
        static final Attempts NONE = new Attempts(0, 0, -1, List.of());
    }

    /** Where a master's REST API was when it last led, and in which term: followers redirect REST clients there. */
    record RestAddress(String url, long term) {
    }

    private final Map<Integer, App> apps = new TreeMap<>();
    private final Map<String, RestAddress> restAddresses = new TreeMap<>();
    private final Map<Integer, Attempts> attempts = new TreeMap<>();
    private final Set<Integer> retiredWorkers = new TreeSet<>();
    private int lastAppId;
    private int lastWorkerId;

    /** Applies one command; returns its result (a new id for AddApp, AddExecutors and AddWorker), or null. */
    Integer apply(MasterCommand command) {
        return switch (command) {
            case MasterCommand.AddApp a -> {
                int id = ++lastAppId;
                apps.put(id, new App(id, a.name(), a.user(), a.jarName(), a.jar(), a.app(), a.executors(),
                        a.submittedMillis(), AppState.SUBMITTED, null, AppClock.NONE, 0, 1, 1, CheckpointInfo.NONE)); // executor 0: the AppMaster, epoch 1
                yield id;
            }
            case MasterCommand.SetAppState s -> {
                App app = apps.get(s.appId());
                if (app != null && !app.isFinal()) {
                    apps.put(s.appId(), app.withState(s.state(), s.failure()));
                }
                yield null;
            }
            case MasterCommand.SetAppClock c -> {
                App app = apps.get(c.appId());
                if (app != null && app.advancesClock(c.clockMillis())) {
                    apps.put(c.appId(), app.withStartClock(c.clockMillis()));
                }
                yield null;
            }
            case MasterCommand.AddExecutors e -> {
                App app = apps.get(e.appId());
                if (app == null || app.isFinal() || (e.epoch() != 0 && e.epoch() != app.appMasterEpoch())) {
                    yield null; // no executors for an application that ended, or for an AppMaster replaced meanwhile
                }
                apps.put(e.appId(), app.withExecutors(app.lastExecutorId() + e.count()));
                yield app.lastExecutorId() + 1;
            }
            case MasterCommand.ReplaceAppMaster r -> {
                App app = apps.get(r.appId());
                if (app == null || app.isFinal()) {
                    yield null;
                }
                App next = app.withNewAppMaster();
                apps.put(r.appId(), next);
                yield next.appMasterEpoch();
            }
            case MasterCommand.CompleteCheckpoint c -> {
                App app = apps.get(c.appId());
                if (app == null || app.isFinal() || c.epoch() != app.appMasterEpoch()) {
                    yield null; // not recorded: the AppMaster was replaced, or the application ended
                }
                if (c.checkpointId() <= app.checkpoint().id()) {
                    yield 1; // sent again (the reply was lost in a failover): recorded already, or a newer one is
                }
                apps.put(c.appId(), app.withCheckpoint(new CheckpointInfo(c.checkpointId(), c.location(), c.completedMillis(),
                        c.bytes(), c.durationMillis())));
                yield 1;
            }
            case MasterCommand.StartAttempt s -> {
                App app = apps.get(s.appId());
                if (app == null || app.isFinal() || s.epoch() != app.appMasterEpoch()) {
                    yield null; // ended, or its AppMaster was replaced while this was on its way: no attempt for it
                }
                Attempts before = attemptsOf(s.appId());
                if (before.epoch() == s.epoch() && before.attempt() == s.attempt()) {
                    yield before.started(); // asked again: recorded already
                }
                attempts.put(s.appId(), new Attempts(before.started() + 1, s.epoch(), s.attempt(), List.copyOf(s.countedBefore())));
                yield before.started() + 1;
            }
            case MasterCommand.SetRestAddress r -> {
                restAddresses.put(r.master(), new RestAddress(r.url(), r.term()));
                yield null;
            }
            case MasterCommand.AddWorker w -> ++lastWorkerId;
            case MasterCommand.RetireWorker r -> {
                retiredWorkers.add(r.workerId());
                yield null;
            }
        };
    }

    App app(int appId) {
        return apps.get(appId);
    }

    /** The application, or an error that names the id a user gave. */
    App known(int appId) {
        App app = apps.get(appId);
        if (app == null) {
            throw ClusterException.unknownApp(appId);
        }
        return app;
    }

    List<App> apps() {
        return new ArrayList<>(apps.values());
    }

    /** The application's attempts so far ({@link Attempts#NONE} before its first). */
    Attempts attemptsOf(int appId) {
        return attempts.getOrDefault(appId, Attempts.NONE);
    }

    Map<Integer, Attempts> attempts() {
        return new TreeMap<>(attempts);
    }

    /** Where master {@code master}'s REST API was when it last led, or null. */
    RestAddress restAddress(String master) {
        return restAddresses.get(master);
    }

    Map<String, RestAddress> restAddresses() {
        return new TreeMap<>(restAddresses);
    }

    int lastAppId() {
        return lastAppId;
    }

    int lastWorkerId() {
        return lastWorkerId;
    }

    /** Whether a worker with this id may register: one this group handed out and has not retired. */
    boolean isActiveWorkerId(int workerId) {
        return workerId > 0 && workerId <= lastWorkerId && !retiredWorkers.contains(workerId);
    }

    Set<Integer> retiredWorkers() {
        return new TreeSet<>(retiredWorkers);
    }

    /** A copy for another thread (applications are immutable records). */
    MasterState copy() {
        MasterState c = new MasterState();
        c.apps.putAll(apps);
        c.retiredWorkers.addAll(retiredWorkers);
        c.restAddresses.putAll(restAddresses);
        c.attempts.putAll(attempts);
        c.lastAppId = lastAppId;
        c.lastWorkerId = lastWorkerId;
        return c;
    }

    /** For restoring a snapshot only. */
    void restoreCounters(int appId, int workerId, Set<Integer> retired) {
        lastAppId = appId;
        lastWorkerId = workerId;
        retiredWorkers.addAll(retired);
    }

    /** For restoring a snapshot only. */
    void putRestAddress(String master, RestAddress address) {
        restAddresses.put(master, address);
    }

    /** For restoring a snapshot only. */
    void putAttempts(int appId, Attempts a) {
        attempts.put(appId, a);
    }

    /** For restoring a snapshot only. */
    void put(App app) {
        apps.put(app.appId(), app);
    }
}
