package io.gearpump.examples;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Cluster;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * Runs an example for its time on a {@link Cluster}, printing every few seconds how many
 * messages one processor received per second, and returns the final status. An application with a run
 * time ({@code Application.withRunTime}) is stopped by its AppMaster when it is over; one that has not
 * ended a while after that is stopped from here.
 */
public final class ThroughputReporter {

    private static final Duration END_WAIT = Duration.ofSeconds(30);

    private final Cluster cluster;
    private final PrintStream out;

    public ThroughputReporter(Cluster cluster, PrintStream out) {
        this.cluster = cluster;
        this.out = out;
    }

    /** {@code runSeconds <= 0}: until the application ends by itself. */
    public AppStatus run(int appId, String processor, String unit, int runSeconds, Duration every)
            throws InterruptedException {
        long start = System.nanoTime();
        long end = runSeconds > 0 ? start + runSeconds * 1_000_000_000L : Long.MAX_VALUE;
        long lastCount = 0;
        long lastTime = start;
        while (true) {
            long now = System.nanoTime();
            long wait = Math.min(every.toNanos(), end - now);
            AppStatus status = wait > 0 ? cluster.await(appId, Duration.ofNanos(wait)) : cluster.status(appId);
            if (status.state().isFinal()) {
                return status;
            }
            now = System.nanoTime();
            long count = status.received(processor);
            out.printf(Locale.ROOT, "%6.1fs  %s: %,.0f %s/s%n", (now - start) / 1e9, processor,
                    (count - lastCount) * 1e9 / (now - lastTime), unit);
            lastCount = count;
            lastTime = now;
            if (now - end >= 0) {
                AppStatus ended = cluster.await(appId, END_WAIT);
                return ended.state().isFinal() ? ended : cluster.stopAndAwait(appId, END_WAIT);
            }
        }
    }
}
