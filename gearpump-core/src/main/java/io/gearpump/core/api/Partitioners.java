package io.gearpump.core.api;

import java.io.Serializable;
import java.util.function.Function;

/** The built-in partitioners: hash (the default), shuffle, broadcast, co-location and group-by. */
public final class Partitioners {

    private Partitioners() {
    }

    /**
     * A key function that can travel with the application: lambdas given here are serializable, so
     * they travel as their serialized form (see {@link Partitioner} for what they may capture).
     */
    @FunctionalInterface
    public interface KeyFunction extends Function<Message, Object>, Serializable {
    }

    /** By the hash code of the message's value (its key group, see {@link KeyGroups}). */
    public static Partitioner hash() {
        return new Hash();
    }

    /** Round robin over the downstream tasks, each sender starting at its own index. */
    public static Partitioner shuffle() {
        return new Shuffle();
    }

    /** Every message to every downstream task. */
    public static Partitioner broadcast() {
        return new Broadcast();
    }

    /** Sender task i to downstream task i (modulo the downstream parallelism). */
    public static Partitioner coLocation() {
        return new CoLocation();
    }

    /** By the hash code of {@code key.apply(message)} (its key group): equal keys always reach the same task. */
    public static Partitioner groupBy(KeyFunction key) {
        if (key == null) {
            throw new InvalidApplicationException("groupBy needs a key function, got null");
        }
        return new GroupBy(key);
    }

    private record Hash() implements KeyedPartitioner {
        @Override
        public Object keyOf(Message message) {
            return message.value();
        }
    }

    /**
     * For the engine: {@code p} itself, or, when it is the built-in shuffle over more than {@code window}
     * of its {@code receivers}, one that round-robins over a window of {@code window} downstream tasks at
     * a time, {@code run} messages to each, before the window moves on to the next tasks. A sender with
     * thousands of downstream tasks then fills a few whole batches at a time instead of a sliver of
     * every one; over time each task still gets its share.
     */
    public static Partitioner windowed(Partitioner p, int receivers, int window, int run) {
        return p instanceof Shuffle && window < receivers ? new WindowedShuffle(Math.max(1, window), Math.max(1, run)) : p;
    }

    /**
     * For the engine: how many of {@code receivers} downstream tasks one sender of an edge with
     * {@code p} fills at a time, the shuffle spreading over windows of {@code window} tasks.
     */
    public static int channelsFilledAtOnce(Partitioner p, int receivers, int window) {
        if (p instanceof CoLocation) {
            return 1;
        }
        return p instanceof Shuffle ? Math.min(receivers, window) : receivers;
    }

    /** For the engine: the one downstream task sender {@code sender} of an edge with {@code p} ever reaches, or -1. */
    public static int onlyTarget(Partitioner p, int sender, int receivers) {
        return p instanceof CoLocation ? sender % receivers : -1;
    }

    private static final class Shuffle implements Partitioner {
        private int next = -1; // -1 until the sender's index is known

        @Override
        public int getPartition(Message message, int partitionNum) {
            return getPartition(message, partitionNum, 0);
        }

        @Override
        public int getPartition(Message message, int partitionNum, int senderIndex) {
            int n = next < 0 ? senderIndex : next;
            if (n >= partitionNum) {
                n %= partitionNum;
            }
            next = n + 1 == partitionNum ? 0 : n + 1;
            return n;
        }

        @Override
        public String toString() {
            return "Shuffle";
        }
    }

    /** The shuffle of a sender with more downstream tasks than its window (made by {@link #windowed}; it never travels). */
    private static final class WindowedShuffle implements Partitioner {
        private final int window;
        private final int run;
        private int base = -1; // the window's first task; -1 until the sender's index is known
        private int offset;    // the next task's place in the window
        private int round;     // messages each task of the window has had

        WindowedShuffle(int window, int run) {
            this.window = window;
            this.run = run;
        }

        @Override
        public int getPartition(Message message, int partitionNum) {
            return getPartition(message, partitionNum, 0);
        }

        @Override
        public int getPartition(Message message, int partitionNum, int senderIndex) {
            if (base < 0 || base >= partitionNum) {
                base = Math.floorMod(senderIndex, partitionNum);
            }
            if (window >= partitionNum) { // fewer tasks than it was made for: the plain round robin
                int n = base;
                base = n + 1 == partitionNum ? 0 : n + 1;
                return n;
            }
            int n = base + offset; // no division per message: window < partitionNum, so one wrap at most
            if (n >= partitionNum) {
                n -= partitionNum;
            }
            if (++offset == window) {
                offset = 0;
                if (++round == run) {
                    round = 0;
                    base += window;
                    if (base >= partitionNum) {
                        base -= partitionNum;
                    }
                }
            }
            return n;
        }

        @Override
        public String toString() {
            return "Shuffle";
        }
    }

    private record Broadcast() implements Partitioner {
        @Override
        public int getPartition(Message message, int partitionNum) {
            return ALL;
        }
    }

    private record CoLocation() implements Partitioner {
        @Override
        public int getPartition(Message message, int partitionNum) {
            return 0;
        }

        @Override
        public int getPartition(Message message, int partitionNum, int senderIndex) {
            return senderIndex % partitionNum;
        }
    }

    private record GroupBy(KeyFunction key) implements KeyedPartitioner {
        @Override
        public Object keyOf(Message message) {
            return key.apply(message);
        }
    }
}
