package io.gearpump.net.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.function.Supplier;

/** Bounded waits: poll a condition until it holds or fail after a deadline. Never a bare sleep. */
public final class Poll {

    public static final Duration TIMEOUT = Duration.ofSeconds(10);

    private Poll() {
    }

    public static void until(String what, BooleanSupplier condition) {
        until(what, TIMEOUT, condition, () -> "");
    }

    /** Polls {@code condition} every millisecond or so; fails, saying {@code state}, after {@code timeout}. */
    public static void until(String what, Duration timeout, BooleanSupplier condition, Supplier<String> state) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() - deadline > 0) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what + state.get());
            }
            try {
                Thread.sleep(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                fail("interrupted waiting for " + what);
            }
        }
    }

    /** The next element of {@code queue}, waiting at most {@code timeout}. */
    public static <T> T take(BlockingQueue<T> queue, String what, Duration timeout) {
        try {
            T t = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (t == null) {
                fail("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    public static <T> T take(BlockingQueue<T> queue, String what) {
        return take(queue, what, TIMEOUT);
    }
}
