package io.gearpump.core.api;

/**
 * Keys are spread over a fixed number of key groups, and each task of a processor owns a contiguous
 * range of them: the hash and group-by partitioners route a key to the task owning its group, and
 * keyed state is kept and snapshotted by group. When a processor's parallelism changes, whole groups
 * move between tasks, so their state moves with them. A processor uses at most {@value #COUNT} tasks
 * for keyed input.
 */
public final class KeyGroups {

    public static final int COUNT = 4096;

    private KeyGroups() {
    }

    /**
     * The group of {@code key} (null has group 0). Every JVM must find the same group for a key, so its
     * {@code hashCode} must not depend on the JVM: String, boxed numbers, records and lists of those do;
     * an enum counts by its name and a {@code byte[]} by its contents here, but an object that keeps
     * {@code Object}'s identity hash, or holds an enum, does not.
     */
    public static int of(Object key) {
        if (key == null) {
            return 0;
        }
        int h = key instanceof Enum<?> e ? e.name().hashCode()
                : key instanceof byte[] b ? java.util.Arrays.hashCode(b)
                : key.hashCode();
        // mixed (murmur3's finalizer), so keys with similar hashes still spread
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        return (h & Integer.MAX_VALUE) % COUNT;
    }

    /** The task, of {@code parallelism}, that owns {@code group}. */
    public static int taskOf(int group, int parallelism) {
        return (int) ((long) group * parallelism / COUNT);
    }

    /** The first group task {@code index} of {@code parallelism} owns. */
    public static int firstOf(int index, int parallelism) {
        return (int) (((long) index * COUNT + parallelism - 1) / parallelism);
    }

    /** One past the last group task {@code index} of {@code parallelism} owns. */
    public static int endOf(int index, int parallelism) {
        return firstOf(index + 1, parallelism);
    }
}
