package io.gearpump.core.api;

import java.time.Duration;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Where applications run: the in-process {@code LocalCluster}, or a cluster of masters and workers
 * reached over the network. An application's main calls {@link #connect()} and gets the one its
 * launcher chose: {@code bin/gear submit} picks the remote cluster, anything else the local one.
 */
public interface Cluster extends AutoCloseable {

    /** Set by {@code bin/gear submit} to the masters ({@code host:port[,host:port]}) the main must submit to. */
    String SUBMIT_MASTERS_PROPERTY = "gear.submit.masters";

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
        /** "local" or "remote". */
        String kind();

        Cluster open();
    }

    /** The cluster this program was launched for (see the class comment). */
    static Cluster connect() {
        String kind = System.getProperty(SUBMIT_MASTERS_PROPERTY) != null ? "remote" : "local";
        for (Provider p : ServiceLoader.load(Provider.class, Thread.currentThread().getContextClassLoader())) {
            if (p.kind().equals(kind)) {
                return p.open();
            }
        }
        throw new IllegalStateException("no " + kind + " cluster on the class path (" + (kind.equals("local")
                ? "gearpump-worker provides LocalCluster" : "gearpump-net provides the remote client") + ")");
    }
}
