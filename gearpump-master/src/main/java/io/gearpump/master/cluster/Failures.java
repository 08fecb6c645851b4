package io.gearpump.master.cluster;

import java.util.concurrent.CompletionException;

/** One readable line for a failure that may be wrapped (a future's CompletionException around a remote error). */
final class Failures {

    private Failures() {
    }

    static String describe(Throwable t) {
        Throwable e = root(t);
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
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
