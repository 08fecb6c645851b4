package io.gearpump.core.task;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Partitioners;

import java.util.List;

import org.junit.jupiter.api.Test;

class PartitionerCopierTest {

    private final PartitionerCopier copier = new PartitionerCopier(List.of(getClass().getClassLoader()));
    private final Message m = new Message("x", 0);

    @Test
    void everyCopyHasItsOwnState() {
        Partitioner shared = Partitioners.shuffle();
        Partitioner forSender0 = copier.copy(shared, "a -> b");
        Partitioner forSender1 = copier.copy(shared, "a -> b");

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

        Partitioner copy = copier.copy(lambda, "a -> b");

        assertEquals(2, copy.getPartition(new Message(5, 0), 4));
    }

    @Test
    void partitionerCapturingSomethingNotSerializableIsRefusedNamingTheEdge() {
        Object notSerializable = new Object();
        Partitioner capturing = (msg, n) -> notSerializable.hashCode() % n;

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> copier.copy(capturing, "words -> counts"));

        assertTrue(e.getMessage().contains("on edge words -> counts cannot be serialized"), e.getMessage());
        assertTrue(e.getMessage().contains("must be Serializable"), e.getMessage());
    }
}
