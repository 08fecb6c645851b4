package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.gearpump.core.api.AppStatus;

import java.time.Duration;
import java.util.function.Predicate;

/** Bounded waits on an application's status, for the engine tests. */
final class Poll {

    static final Duration TIMEOUT = Duration.ofSeconds(20);

    private Poll() {
    }

    /** Polls the status until {@code condition} holds; fails with the last status after {@link #TIMEOUT}. */
    static AppStatus until(LocalEngine engine, int appId, String what, Predicate<AppStatus> condition)
            throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        AppStatus status = engine.status(appId);
        while (!condition.test(status)) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out waiting for " + what + "; last status: " + status);
            }
            Thread.sleep(2);
            status = engine.status(appId);
        }
        return status;
    }

    /** Waits (bounded) for the application to end; fails if it has not. */
    static AppStatus ended(LocalEngine engine, int appId) throws InterruptedException {
        AppStatus status = engine.awaitTermination(appId, TIMEOUT);
        assertTrue(status.state().isFinal(), "application did not end: " + status);
        return status;
    }
}
