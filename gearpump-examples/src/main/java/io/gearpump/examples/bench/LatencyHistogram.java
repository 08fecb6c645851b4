package io.gearpump.examples.bench;

import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Nanosecond latencies in log-linear buckets: exact below 128 ns, then 64 buckets per power of two
 * (under 1.6% error), up to about 18 minutes. Any thread may record; readers take snapshots and
 * subtract two of them to get an interval.
 */
final class LatencyHistogram {

    private static final int LINEAR = 128;
    private static final int PER_OCTAVE = 64;
    private static final int BUCKETS = LINEAR + 34 * PER_OCTAVE;

    private final AtomicLongArray counts = new AtomicLongArray(BUCKETS);

    void record(long nanos) {
        counts.incrementAndGet(bucketOf(Math.max(0, nanos)));
    }

    long[] snapshot() {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = counts.get(i);
        }
        return out;
    }

    /** Counts recorded between two snapshots. */
    static long[] since(long[] before, long[] after) {
        long[] out = new long[BUCKETS];
        for (int i = 0; i < BUCKETS; i++) {
            out[i] = after[i] - before[i];
        }
        return out;
    }

    static long total(long[] counts) {
        long n = 0;
        for (long c : counts) {
            n += c;
        }
        return n;
    }

    /** The value at {@code percentile} (0-100], as the middle of its bucket; 0 when empty. */
    static long valueAt(long[] counts, double percentile) {
        long total = total(counts);
        if (total == 0) {
            return 0;
        }
        long rank = Math.max(1, (long) Math.ceil(percentile / 100.0 * total));
        long seen = 0;
        for (int i = 0; i < counts.length; i++) {
            seen += counts[i];
            if (seen >= rank) {
                return middleOf(i);
            }
        }
        return middleOf(counts.length - 1);
    }

    static long max(long[] counts) {
        for (int i = counts.length - 1; i >= 0; i--) {
            if (counts[i] > 0) {
                return middleOf(i);
            }
        }
        return 0;
    }

    static int bucketOf(long v) {
        if (v < LINEAR) {
            return (int) v;
        }
        int shift = 63 - Long.numberOfLeadingZeros(v) - 6; // v >> shift lies in [64, 128)
        int bucket = LINEAR + (shift - 1) * PER_OCTAVE + (int) (v >> shift) - PER_OCTAVE;
        return Math.min(bucket, BUCKETS - 1);
    }

    static long middleOf(int bucket) {
        if (bucket < LINEAR) {
            return bucket;
        }
        int shift = (bucket - LINEAR) / PER_OCTAVE + 1;
        long mantissa = (bucket - LINEAR) % PER_OCTAVE + PER_OCTAVE;
        return (mantissa << shift) + (1L << shift) / 2;
    }
}
