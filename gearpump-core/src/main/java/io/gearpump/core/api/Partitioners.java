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
