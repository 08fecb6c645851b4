package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;

import java.util.List;

/**
 * A change to the master's durable state. Every change goes through Raft ({@link MasterStateMachine})
 * and then {@link MasterState#apply} on every master, in the same order.
 */
sealed interface MasterCommand {

    record AddApp(String name, String user, String jarName, byte[] jar, byte[] app, int executors,
                  long submittedMillis) implements MasterCommand {
    }

    /** A final state also drops the jar: nothing relaunches an ended application, and snapshots stay small. */
    record SetAppState(int appId, AppState state, String failure) implements MasterCommand {
    }

    /** The application clock its AppMaster reported: a restart after any failover replays from here. Never goes back. */
    record SetAppClock(int appId, long clockMillis) implements MasterCommand {
    }

    /**
     * Takes the next {@code count} executor ids of an application for its AppMaster of {@code epoch}; returns
     * the first, or nothing when the application has ended or has a newer AppMaster. Ids never repeat, even
     * across leaders. (Epoch 0: a command from before epochs existed, never refused for its epoch.)
     */
    record AddExecutors(int appId, int count, int epoch) implements MasterCommand {
    }

    /**
     * The application gets a new AppMaster: returns its epoch, the next one (nothing when the application
     * has ended). Its executors will have ids from the next one on; an executor with a lower id serves an
     * AppMaster this one replaced.
     */
    record ReplaceAppMaster(int appId) implements MasterCommand {
    }

    /**
     * The AppMaster of {@code epoch} completed checkpoint {@code checkpointId}: recorded (returns 1) for
     * the application's latest AppMaster, if newer than the one recorded (an older or the same one, sent
     * again after a lost reply, returns 1 and changes nothing); nothing for a replaced AppMaster or an
     * ended application.
     */
    record CompleteCheckpoint(int appId, int epoch, long checkpointId, String location, long completedMillis, long bytes,
                              long durationMillis) implements MasterCommand {
    }

    /**
     * The AppMaster of {@code epoch} starts {@code attempt}; the attempts before it processed
     * {@code countedBefore}. Returns how many attempts the application has started (this one included);
     * the same (epoch, attempt) again, asked again after a lost reply, changes nothing. Nothing for an
     * ended application, or for an AppMaster replaced before this was applied (fencing, in log order).
     */
    record StartAttempt(int appId, int epoch, int attempt, List<ProcessedCounts> countedBefore) implements MasterCommand {
    }

    /** Takes the next worker id: ids never repeat, even across leaders, so a stale id never names another worker. */
    record AddWorker() implements MasterCommand {
    }

    /** A worker declared dead, its work moved: it may not come back under that id, whichever master leads then. */
    record RetireWorker(int workerId) implements MasterCommand {
    }

    /**
     * The REST API of master {@code master} is at {@code url} (http://host:port) since it leads in {@code term}:
     * proposed by a leader once it serves, so followers can redirect REST clients to it.
     */
    record SetRestAddress(String master, String url, long term) implements MasterCommand {
    }
}
