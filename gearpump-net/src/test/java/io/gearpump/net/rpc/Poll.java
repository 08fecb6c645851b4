package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits for a condition, for the socket tests. */
final class Poll {

    static final Duration TIMEOUT = Duration.ofSeconds(15);

    private Poll() {
    }

    /** Polls until {@code condition} holds; fails with {@code state} after {@link #TIMEOUT}. */
    static void until(String what, BooleanSupplier condition, Supplier<?> state) throws InterruptedException {
        long deadline = System.nanoTime() + TIMEOUT.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + TIMEOUT.toSeconds() + " s waiting for " + what + "; state: " + state.get());
            }
            Thread.sleep(2);
        }
    }
}
