package io.gearpump.local;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;

import java.time.Duration;
import java.util.List;

/**
 * A whole Gearpump cluster inside this JVM: the quickest way to run an application, from a main
 * method, a test or jshell.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start()) {
 *     int appId = cluster.submit(Application.of("wordcount", Graph.of(split.to(sum))));
 *     ...
 *     cluster.kill(appId);
 * }
 * }</pre>
 *
 * Every method is thread-safe. Closing the cluster kills the applications still running.
 */
public final class LocalCluster implements AutoCloseable {

    private final LocalEngine engine;

    private LocalCluster(LocalEngine engine) {
        this.engine = engine;
    }

    /** A cluster with the configuration from {@code -Dgearpump.conf} and {@code -Dgearpump.*} (or defaults). */
    public static LocalCluster start() {
        return start(GearConfig.load());
    }

    public static LocalCluster start(GearConfig config) {
        return new LocalCluster(new LocalEngine(config));
    }

    /** Starts the application; returns its id. A bad application is refused with the reason. */
    public int submit(Application app) {
        return engine.submit(app);
    }

    public AppStatus status(int appId) {
        return engine.status(appId);
    }

    /** Every application submitted to this cluster, oldest first. */
    public List<AppStatus> list() {
        return engine.list();
    }

    /** Ends the application gracefully: sources stop, what is in flight is processed, onStop runs. */
    public void stop(int appId) {
        engine.stop(appId);
    }

    /** Ends the application at once. */
    public AppStatus kill(int appId) {
        try {
            return engine.kill(appId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return engine.status(appId);
        }
    }

    /** Waits for the application to end, at most {@code timeout}; returns its status then. */
    public AppStatus await(int appId, Duration timeout) {
        try {
            return engine.awaitTermination(appId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return engine.status(appId);
        }
    }

    /** Stops the application gracefully and waits for it to end, at most {@code timeout}. */
    public AppStatus stopAndAwait(int appId, Duration timeout) {
        stop(appId);
        return await(appId, timeout);
    }

    @Override
    public void close() {
        try {
            engine.close();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
