package io.gearpump.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;

class PartitionersTest {

    private static Message m(Object value) {
        return new Message(value, 0);
    }

    private static List<Integer> next(Partitioner p, int count, int partitions, int sender) {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            out.add(p.getPartition(m("x"), partitions, sender));
        }
        return out;
    }

    @Test
    void hashIsStableAcrossCallsAndInstancesAndInRange() {
        Random random = new Random(42);
        Partitioner one = Partitioners.hash();
        Partitioner other = Partitioners.hash();
        for (int i = 0; i < 10_000; i++) {
            Object value = random.nextInt(4) == 0 ? "word-" + random.nextInt() : random.nextLong();
            int partitions = 1 + random.nextInt(16);
            int p = one.getPartition(m(value), partitions);
            assertTrue(p >= 0 && p < partitions, value + " went to " + p + " of " + partitions);
            assertEquals(p, one.getPartition(m(value), partitions, random.nextInt(8)));
            assertEquals(p, other.getPartition(m(value), partitions));
        }
    }

    /** Values whose hash code is negative, including Integer.MIN_VALUE, still land in range. */
    @Test
    void hashOfNegativeHashCodesAndNullIsInRange() {
        Object minHash = new Object() {
            @Override
            public int hashCode() {
                return Integer.MIN_VALUE;
            }
        };
        Partitioner hash = Partitioners.hash();

        int minHashTask = hash.getPartition(m(minHash), 3);
        assertTrue(minHashTask >= 0 && minHashTask < 3, "in range: " + minHashTask);
        assertEquals(KeyGroups.taskOf(KeyGroups.of(-7), 5), hash.getPartition(m(-7), 5), "the task owning the key's group");
        assertEquals(0, hash.getPartition(m(null), 4));
    }

    @Test
    void shuffleRoundRobinsStartingAtTheSenderIndex() {
        assertEquals(List.of(0, 1, 2, 0, 1, 2, 0), next(Partitioners.shuffle(), 7, 3, 0));
        assertEquals(List.of(1, 2, 0, 1, 2, 0), next(Partitioners.shuffle(), 6, 3, 1));
        assertEquals(List.of(1, 2, 0), next(Partitioners.shuffle(), 3, 3, 4), "sender 4 of 3 starts at 4 % 3");
        assertEquals(List.of(0, 0, 0), next(Partitioners.shuffle(), 3, 1, 5));
    }

    @Test
    void aWindowedShuffleFillsAFewTasksAtATimeThenMovesOn() {
        Partitioner windowed = Partitioners.windowed(Partitioners.shuffle(), 5, 2, 3); // 2 tasks, 3 messages each, then the next 2
        assertEquals(List.of(1, 2, 1, 2, 1, 2, 3, 4, 3, 4, 3, 4, 0, 1, 0, 1, 0, 1), next(windowed, 18, 5, 1));
        Partitioner plain = Partitioners.shuffle();
        assertSame(plain, Partitioners.windowed(plain, 3, 8, 3), "a window as wide as the tasks leaves the plain round robin");
        Partitioner hash = Partitioners.hash();
        assertSame(hash, Partitioners.windowed(hash, 5, 2, 3), "only the shuffle spreads over windows");
    }

    @Test
    void eachShuffleInstanceKeepsItsOwnPosition() {
        Partitioner first = Partitioners.shuffle();
        Partitioner second = Partitioners.shuffle();

        assertEquals(List.of(0, 1), next(first, 2, 4, 0));
        assertEquals(List.of(2, 3, 0), next(second, 3, 4, 2));
        assertEquals(List.of(2, 3), next(first, 2, 4, 0));
        assertEquals(0, first.getPartition(m("x"), 4), "the two-argument form goes on from the same position");
    }

    @Test
    void broadcastSendsToAll() {
        assertEquals(Partitioner.ALL, Partitioners.broadcast().getPartition(m(1), 3));
        assertEquals(Partitioner.ALL, Partitioners.broadcast().getPartition(m(1), 3, 2));
    }

    @Test
    void coLocationMapsSenderToSenderModuloParallelism() {
        Partitioner co = Partitioners.coLocation();
        for (int sender = 0; sender < 7; sender++) {
            assertEquals(sender % 3, co.getPartition(m("any"), 3, sender));
            assertEquals(sender % 3, co.getPartition(m("other"), 3, sender), "the value does not matter");
        }
    }

    @Test
    void groupByPartitionsByTheKeyNotTheValue() {
        Partitioner byFirstLetter = Partitioners.groupBy(msg -> ((String) msg.value()).substring(0, 1));
        int partitions = 7;

        int apple = byFirstLetter.getPartition(m("apple"), partitions);
        assertEquals(apple, byFirstLetter.getPartition(m("avocado"), partitions));
        assertEquals(apple, byFirstLetter.getPartition(m("apricot"), partitions, 3));
        assertEquals(KeyGroups.taskOf(KeyGroups.of("a"), partitions), apple);
        assertEquals(KeyGroups.taskOf(KeyGroups.of("b"), partitions), byFirstLetter.getPartition(m("banana"), partitions));
        assertNotEquals(Partitioners.hash().getPartition(m("apple"), partitions),
                Partitioners.hash().getPartition(m("apricot"), partitions), "hash alone would split them");
    }
}
