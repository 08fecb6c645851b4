package io.gearpump.net.rpc;

import java.time.Duration;
import java.util.Random;

/**
 * Delays between dials: the initial delay doubling after every failure up to the maximum, each drawn
 * at random from the upper half of that ceiling ("equal jitter"), so many clients that lost the same
 * server do not all dial it at the same instant, and no delay exceeds the maximum. The random source
 * is injected (seeded in tests). Confined to its owner's thread.
 */
final class Backoff {

    private final long initialMillis;
    private final long maxMillis;
    private final Random random;
    private int failures;

    Backoff(Duration initial, Duration max, Random random) {
        this.initialMillis = RpcSettings.millis(initial);
        this.maxMillis = Math.max(initialMillis, RpcSettings.millis(max));
        this.random = random;
    }

    /** The delay before the next dial, counting one more failure. */
    long nextDelayMillis() {
        long ceiling = ceilingMillis(failures);
        failures++;
        long floor = ceiling / 2;
        return floor + random.nextLong(ceiling - floor + 1);
    }

    /** Back to the initial delay (after a connection that worked). */
    void reset() {
        failures = 0;
    }

    int failures() {
        return failures;
    }

    long ceilingMillis(int failureCount) {
        long c = initialMillis;
        for (int i = 0; i < failureCount && c < maxMillis; i++) {
            c = c > maxMillis / 2 ? maxMillis : c * 2;
        }
        return Math.min(c, maxMillis);
    }
}
