package io.gearpump.master.cluster;

/**
 * A change to the master's durable state. Every change goes through {@link MasterState#apply}, so a
 * replicated log (Raft) can later carry these commands to every master without changing callers.
 */
sealed interface MasterCommand {

    record AddApp(String name, String user, String jarName, byte[] jar, byte[] app, int executors,
                  long submittedMillis) implements MasterCommand {
    }

    record SetAppState(int appId, String state, String failure) implements MasterCommand {
    }
}
