package io.gearpump.core.testing;

import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Predicate;

/**
 * Bounded waits for the tests of every module: check a condition until it holds, or fail after a
 * timeout with what was awaited and what was last seen. Never a bare sleep: between checks the
 * caller's thread parks, 1 ms at first, doubling up to 10 ms, and at least as long as the last check
 * took (up to 250 ms), so that a costly check (a request to a server, a command run) leaves the
 * machine to the code under test. A check that throws fails the wait at once, with its exception
 * as the cause; an interrupt fails it too (and stays set).
 *
 * <pre>{@code
 * Poll.until("the sink to receive data", () -> engine.status(id), s -> s.counter("sink.received") > 0);
 * Poll.until("the server to drop the connection", () -> server.endpoints().isEmpty());
 * }</pre>
 */
public final class Poll {

    /** How long a wait lasts unless told otherwise: generous, for a busy machine with two cores. */
    public static final Duration TIMEOUT = Duration.ofSeconds(20);

    private static final long FIRST_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    private static final long MAX_BACKOFF_NANOS = TimeUnit.MILLISECONDS.toNanos(10);
    private static final long MAX_PAUSE_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

    /** What a wait looks at: a value that may throw while it is read. */
    @FunctionalInterface
    public interface Probe<T> {
        T read() throws Exception;
    }

    /** A yes/no check that may throw. */
    @FunctionalInterface
    public interface Check {
        boolean holds() throws Exception;
    }

    private Poll() {
    }

    /** Waits, at most {@link #TIMEOUT}, until {@code condition} holds. */
    public static void until(String what, Check condition) {
        until(what, TIMEOUT, condition);
    }

    /** Waits, at most {@code timeout}, until {@code condition} holds. */
    public static void until(String what, Duration timeout, Check condition) {
        until(what, timeout, condition::holds, Boolean::booleanValue);
    }

    /**
     * Reads {@code probe} until {@code condition} accepts its value, at most {@link #TIMEOUT}; returns
     * that value. Failing, says the last value read.
     */
    public static <T> T until(String what, Probe<T> probe, Predicate<? super T> condition) {
        return until(what, TIMEOUT, probe, condition);
    }

    /** Reads {@code probe} until {@code condition} accepts its value, at most {@code timeout}; returns that value. */
    public static <T> T until(String what, Duration timeout, Probe<T> probe, Predicate<? super T> condition) {
        long start = System.nanoTime();
        long deadline = start + timeout.toNanos();
        long backoff = FIRST_PAUSE_NANOS;
        int checks = 0;
        while (true) {
            long checkStart = System.nanoTime();
            T value = read(what, probe);
            checks++;
            if (condition.test(value)) {
                return value;
            }
            long now = System.nanoTime();
            if (now - deadline >= 0) {
                throw new AssertionError("timed out waiting for " + what + " (" + timeout.toMillis() + " ms, "
                        + millis(now - start) + " ms passed); " + checks + " checks, the last saw: " + value);
            }
            long pause = Math.max(backoff, Math.min(now - checkStart, MAX_PAUSE_NANOS));
            LockSupport.parkNanos(Math.min(pause, deadline - now));
            if (Thread.currentThread().isInterrupted()) {
                throw new AssertionError("interrupted waiting for " + what + "; the last check saw: " + value);
            }
            backoff = Math.min(backoff * 2, MAX_BACKOFF_NANOS);
        }
    }

    /** The next element of {@code queue}, waiting at most {@link #TIMEOUT}. */
    public static <T> T take(BlockingQueue<T> queue, String what) {
        return take(queue, what, TIMEOUT);
    }

    /** The next element of {@code queue}, waiting at most {@code timeout}. */
    public static <T> T take(BlockingQueue<T> queue, String what, Duration timeout) {
        try {
            T t = queue.poll(timeout.toNanos(), TimeUnit.NANOSECONDS);
            if (t == null) {
                throw new AssertionError("timed out after " + timeout.toMillis() + " ms waiting for " + what);
            }
            return t;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        }
    }

    private static <T> T read(String what, Probe<T> probe) {
        try {
            return probe.read();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted waiting for " + what, e);
        } catch (Exception e) {
            throw new AssertionError("checking for " + what + " failed: " + e, e);
        }
    }

    private static long millis(long nanos) {
        return TimeUnit.NANOSECONDS.toMillis(nanos);
    }
}
