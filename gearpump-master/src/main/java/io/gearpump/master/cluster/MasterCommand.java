package io.gearpump.master.cluster;

/**
 * A change to the master's durable state. Every change goes through Raft ({@link MasterStateMachine})
 * and then {@link MasterState#apply} on every master, in the same order.
 */
sealed interface MasterCommand {

    record AddApp(String name, String user, String jarName, byte[] jar, byte[] app, int executors,
                  long submittedMillis) implements MasterCommand {
    }

    record SetAppState(int appId, String state, String failure) implements MasterCommand {
    }

    /** Takes the next worker id: ids never repeat, even across leaders, so a stale id never names another worker. */
    record AddWorker() implements MasterCommand {
    }
}
