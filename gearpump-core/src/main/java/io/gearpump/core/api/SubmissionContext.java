package io.gearpump.core.api;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * How a launcher hands an application's main its cluster without anything JVM-wide.
 * {@code bin/gear submit} runs the main on a thread of its own, under {@link #bind}: there, and on
 * every thread the main starts, {@link Cluster#connect()} opens the cluster the launcher gave (the
 * masters, the application's jar and its executor count) instead of looking for one. The binding
 * is an {@link InheritableThreadLocal}: no system property, no static field, so two submissions in
 * one JVM (two threads, or one after the other) never see each other's settings, and a thread that
 * is not the main's (nor started by it, e.g. a pool thread made earlier) gets the local cluster.
 *
 * <p>For launchers only; an application's main just calls {@link Cluster#connect()}.
 */
public final class SubmissionContext {

    private static final InheritableThreadLocal<Supplier<? extends Cluster>> BOUND = new InheritableThreadLocal<>();

    private SubmissionContext() {
    }

    /**
     * {@code main} with {@code clusters} bound while it runs: each {@link Cluster#connect()} on its
     * thread, or on a thread it starts, returns a new {@code clusters.get()}. Run it on a thread made
     * for it; the binding ends with {@code main} (threads it started keep theirs).
     */
    public static Runnable bind(Supplier<? extends Cluster> clusters, Runnable main) {
        Objects.requireNonNull(clusters, "clusters");
        Objects.requireNonNull(main, "main");
        return () -> {
            Supplier<? extends Cluster> outer = BOUND.get();
            BOUND.set(clusters);
            try {
                main.run();
            } finally {
                if (outer == null) {
                    BOUND.remove();
                } else {
                    BOUND.set(outer);
                }
            }
        };
    }

    /**
     * Whether this thread runs under a launcher's binding ({@code bin/gear submit}): a main that
     * prints its usage then names its arguments as the launcher's, not as its own command.
     */
    public static boolean launched() {
        return BOUND.get() != null;
    }

    /** The clusters bound to this thread, or null. */
    static Supplier<? extends Cluster> current() {
        return BOUND.get();
    }
}
