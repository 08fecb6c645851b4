package io.gearpump.local;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
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
public final class LocalCluster implements Cluster {

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
    @Override
    public int submit(Application app) {
        return engine.submit(app);
    }

    @Override
    public AppStatus status(int appId) {
        return engine.status(appId);
    }

    /** Every application submitted to this cluster, oldest first. */
    @Override
    public List<AppStatus> list() {
        return engine.list();
    }

    /** Ends the application gracefully: sources stop, what is in flight is processed, onStop runs. */
    @Override
    public void stop(int appId) {
        engine.stop(appId);
    }

    /** Ends the application at once. */
    @Override
    public AppStatus kill(int appId) {
        try {
            return engine.kill(appId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return engine.status(appId);
        }
    }

    /** Waits for the application to end, at most {@code timeout}; returns its status then. */
    @Override
    public AppStatus await(int appId, Duration timeout) {
        try {
            return engine.awaitTermination(appId, timeout);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return engine.status(appId);
        }
    }

    /** Lets {@link Cluster#connect()} find the local cluster. */
    public static final class Provider implements Cluster.Provider {
        @Override
        public String kind() {
            return "local";
        }

        @Override
        public Cluster open() {
            return LocalCluster.start();
        }
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
