package io.gearpump.examples;

import io.gearpump.core.api.Application;

import java.time.Duration;

/** Runs an example's body and turns a bad option or a refused application into one clear line and exit code 2. */
public final class ExampleMain {

    /** An example's body; returns the process exit code. */
    @FunctionalInterface
    public interface Body {
        int run() throws Exception;
    }

    private ExampleMain() {
    }

    /**
     * The application with {@code -runseconds} as its run time (none for 0): its AppMaster stops it when
     * the time is over, so it ends on time even if the client that submitted it is gone.
     */
    public static Application timed(Application app, int runSeconds) {
        return runSeconds > 0 ? app.withRunTime(Duration.ofSeconds(runSeconds)) : app;
    }

    public static int run(Body body) throws Exception {
        try {
            return body.run();
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            return 2;
        }
    }
}
