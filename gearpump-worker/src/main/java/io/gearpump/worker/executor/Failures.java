package io.gearpump.worker.executor;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.net.rpc.RemoteException;

import java.util.concurrent.CompletionException;

/** How a failed call is read: the refusal it carries and one readable line, past the wrappers of futures and remote calls. */
final class Failures {

    private Failures() {
    }

    /** The code of a refusal, UNKNOWN for any other failure. */
    static ClusterError refusal(Throwable t) {
        return root(t) instanceof ClusterException c ? c.error() : ClusterError.UNKNOWN;
    }

    /** The message of a failure, without the wrappers of futures and remote calls. */
    static String describe(Throwable t) {
        Throwable e = root(t);
        if (e instanceof RemoteException r) {
            return r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", "");
        }
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /** The failure inside a future's wrapper. */
    private static Throwable root(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
