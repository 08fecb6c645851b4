package io.gearpump.master.cluster;

import io.gearpump.net.rpc.RemoteException;
import io.gearpump.net.rpc.RpcException;

import java.util.concurrent.CompletionException;

/** One readable line for a failure that may be wrapped (a future's CompletionException around a remote error). */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t) {
        Throwable e = root(t);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }

    /**
     * Whether a call that failed so may still have been carried out: its answer was lost with the
     * connection, or did not come in time. A peer's own error answer is a definite no.
     */
    static boolean outcomeUnknown(Throwable t) {
        Throwable e = root(t);
        return e instanceof RpcException && !(e instanceof RemoteException);
    }

    /** The failure inside a future's wrapper. */
    static Throwable root(Throwable t) {
        Throwable e = t;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
