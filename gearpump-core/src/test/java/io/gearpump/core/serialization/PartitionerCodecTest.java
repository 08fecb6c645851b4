package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.config.GearConfig;

import java.util.List;

import org.junit.jupiter.api.Test;

/** Each sending task's own copy of a partitioner, through the form in which it travels. */
class PartitionerCodecTest {

    private final Message m = new Message("x", 0);

    @Test
    void everyCopyHasItsOwnState() {
        Partitioner shared = Partitioners.shuffle();
        List<Partitioner> copies = PartitionerCodec.copies(shared, "a -> b", 2); // one reader makes both
        Partitioner forSender0 = copies.get(0);
        Partitioner forSender1 = copies.get(1);

        assertNotSame(forSender0, forSender1);
        assertEquals(0, forSender0.getPartition(m, 2, 0));
        assertEquals(1, forSender1.getPartition(m, 2, 1));
        assertEquals(1, forSender0.getPartition(m, 2, 0));
        assertEquals(0, forSender1.getPartition(m, 2, 1));
    }

    @Test
    void lambdaPartitionerSurvivesTheRoundTrip() {
        int modulus = 3;
        Partitioner lambda = (msg, n) -> ((Integer) msg.value()) % modulus;

        Partitioner copy = PartitionerCodec.copies(lambda, "a -> b", 1).get(0);

        assertEquals(2, copy.getPartition(new Message(5, 0), 4));
    }

    @Test
    void manyCopiesOfAGroupByLambdaFromOneEncodingAllWork() {
        int modulus = 3;
        Partitioner grouped = Partitioners.groupBy(msg -> ((Integer) msg.value()) % modulus);

        List<Partitioner> copies = PartitionerCodec.copies(grouped, "a -> b", 3); // class names are read again for each

        for (Partitioner copy : copies) {
            assertEquals(copies.get(0).getPartition(new Message(5, 0), 4), copy.getPartition(new Message(5, 0), 4));
        }
        assertEquals(3, copies.stream().distinct().count());
    }

    @Test
    void partitionerCapturingSomethingNotSerializableIsRefusedNamingTheEdge() {
        Object notSerializable = new Object();
        Partitioner capturing = (msg, n) -> notSerializable.hashCode() % n;

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> PartitionerCodec.copies(capturing, "words -> counts", 1).get(0));

        assertTrue(e.getMessage().contains("on edge words -> counts cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains("java.lang.Object is a JDK class, not one of the application's classes"),
                e.getMessage());
        assertTrue(e.getMessage().contains("a lambda capture, only the wire's registered types"), e.getMessage());
    }

    /** A partitioner class of the application with state: a counter of its own per sender. */
    static final class Counting implements Partitioner {
        private final int[] seen = new int[1];

        @Override
        public int getPartition(Message message, int partitionNum) {
            return seen[0]++ % partitionNum;
        }
    }

    @Test
    void aPartitionerClassIsCopiedFieldByFieldSharingNothing() {
        Counting shared = new Counting();
        shared.getPartition(m, 4);

        Partitioner one = PartitionerCodec.copies(shared, "a -> b", 1).get(0);
        Partitioner other = PartitionerCodec.copies(shared, "a -> b", 1).get(0);

        assertEquals(1, one.getPartition(m, 4), "the state at the copy");
        assertEquals(2, one.getPartition(m, 4));
        assertEquals(1, other.getPartition(m, 4), "not shared with the other copy");
        assertEquals(1, shared.getPartition(m, 4), "nor with the original");
    }

    @Test
    void aPartitionerHoldingAnEngineObjectIsRefusedNamingItsClass() {
        GearConfig config = GearConfig.defaults();
        Partitioner capturing = (msg, n) -> config.hashCode() % n;

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> PartitionerCodec.copies(capturing, "a -> b", 1).get(0));

        assertTrue(e.getMessage().contains(GearConfig.class.getName() + " is the engine's own ("), e.getMessage());
    }
}
