package io.gearpump.core.api;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * Where applications run: the in-process {@code LocalCluster}, or a cluster of masters and workers
 * reached over the network. An application's main calls {@link #connect()} and gets the one its
 * launcher chose: under {@code bin/gear submit}, the masters it was given, with the main's jar;
 * anywhere else, a new {@code LocalCluster}.
 *
 * <p>The launcher's choice is handed to the main explicitly, never through JVM-wide state:
 * {@code bin/gear submit} runs the main on a thread of its own with its cluster bound to that thread
 * and the threads it starts ({@link SubmissionContext}). So two submissions in one JVM never see each
 * other's masters, jar or executor count, and a main run directly (a test, jshell, {@code bin/gear
 * example}) gets the local cluster.
 */
public interface Cluster extends AutoCloseable {

    /** Starts the application; returns its id. A bad application is refused with the reason. */
    int submit(Application app);

    AppStatus status(int appId);

    List<AppStatus> list();

    /** Ends the application gracefully: sources end their streams, what is in flight is processed, onStop runs. */
    void stop(int appId);

    AppStatus kill(int appId);

    /** Waits for the application to end, at most {@code timeout}; returns its status then. */
    AppStatus await(int appId, Duration timeout);

    /** Stops the application and waits for it to end, at most {@code timeout}. */
    default AppStatus stopAndAwait(int appId, Duration timeout) {
        stop(appId);
        return await(appId, timeout);
    }

    @Override
    void close();

    /** Makes a cluster of one kind; found with {@link ServiceLoader}. */
    interface Provider {
        /** "local": the one {@link #connect()} opens when no launcher bound a cluster. */
        String kind();

        Cluster open();
    }

    /**
     * The cluster this program was launched for: the one its launcher bound to this thread
     * ({@link SubmissionContext}), else a new local cluster (see the class comment).
     */
    static Cluster connect() {
        Supplier<? extends Cluster> launched = SubmissionContext.current();
        if (launched != null) {
            return launched.get();
        }
        for (Provider p : ServiceLoader.load(Provider.class, Thread.currentThread().getContextClassLoader())) {
            if (p.kind().equals("local")) {
                return p.open();
            }
        }
        throw new IllegalStateException("no local cluster on the class path (gearpump-worker provides LocalCluster); "
                + "bin/gear submit gives a main its cluster of masters");
    }
}
