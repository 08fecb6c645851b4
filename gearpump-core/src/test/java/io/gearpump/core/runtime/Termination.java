package io.gearpump.core.runtime;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.testing.Poll;

/** The engine tests' bounded wait for an application's end. */
final class Termination {

    private Termination() {
    }

    /** Waits, at most {@link Poll#TIMEOUT}, until the application has ended; fails if it has not. */
    static AppStatus await(LocalEngine engine, int appId) throws InterruptedException {
        AppStatus status = engine.awaitTermination(appId, Poll.TIMEOUT);
        assertTrue(status.state().isFinal(), "application did not end: " + status);
        return status;
    }
}
