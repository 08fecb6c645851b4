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

import org.junit.jupiter.api.Test;

/** Each sending task's own copy of a partitioner, through the form in which it travels. */
class PartitionerCodecTest {

    private final Message m = new Message("x", 0);

    @Test
    void everyCopyHasItsOwnState() {
        Partitioner shared = Partitioners.shuffle();
        Partitioner forSender0 = PartitionerCodec.copy(shared, "a -> b");
        Partitioner forSender1 = PartitionerCodec.copy(shared, "a -> b");

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

        Partitioner copy = PartitionerCodec.copy(lambda, "a -> b");

        assertEquals(2, copy.getPartition(new Message(5, 0), 4));
    }

    @Test
    void partitionerCapturingSomethingNotSerializableIsRefusedNamingTheEdge() {
        Object notSerializable = new Object();
        Partitioner capturing = (msg, n) -> notSerializable.hashCode() % n;

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> PartitionerCodec.copy(capturing, "words -> counts"));

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

        Partitioner one = PartitionerCodec.copy(shared, "a -> b");
        Partitioner other = PartitionerCodec.copy(shared, "a -> b");

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
                () -> PartitionerCodec.copy(capturing, "a -> b"));

        assertTrue(e.getMessage().contains(GearConfig.class.getName() + " is the engine's own ("), e.getMessage());
    }
}
