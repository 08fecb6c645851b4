package io.gearpump.examples;

/** Runs an example's body and turns a bad option or a refused application into one clear line and exit code 2. */
public final class ExampleMain {

    /** An example's body; returns the process exit code. */
    @FunctionalInterface
    public interface Body {
        int run() throws Exception;
    }

    private ExampleMain() {
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
