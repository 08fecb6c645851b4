package io.gearpump.core.serialization;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Partitioner;

import java.util.List;

/**
 * A partitioner through its travelling form ({@link AppCodec} with {@link PartitionerWireTypes}).
 * Every sending task gets its own copy this way (a round-robin position is per sender), and the
 * copy proves at submission, in the submitting JVM, that the partitioner will also travel to an
 * executor. Thread-safe.
 */
public final class PartitionerCodec {

    private static final AppCodec CODEC = new AppCodec(WireRegistry.builder().register(PartitionerWireTypes.ENTRIES).build());

    private PartitionerCodec() {
    }

    /** {@code n} copies, each sharing no state with {@code partitioner} or another; refused naming {@code edge} when it cannot travel. */
    public static List<Partitioner> copies(Partitioner partitioner, String edge, int n) {
        try {
            return CODEC.copies(partitioner, n);
        } catch (InvalidApplicationException e) {
            throw refused(partitioner, edge, e);
        }
    }

    /** Throws, naming {@code edge}, unless the partitioner can be encoded and rebuilt from its encoding. */
    public static void check(Partitioner partitioner, String edge) {
        try {
            CODEC.encode(partitioner);
        } catch (InvalidApplicationException e) {
            throw refused(partitioner, edge, e);
        }
    }

    /** The error for a partitioner that cannot travel: what is at fault and what may travel instead. */
    private static InvalidApplicationException refused(Partitioner partitioner, String edge, InvalidApplicationException cause) {
        return new InvalidApplicationException("the partitioner " + partitioner + " on edge " + edge
                + " cannot be serialized, so it cannot be given to each task: " + cause.getMessage()
                + ". A partitioner may hold, and a lambda capture, only the wire's registered types (String, boxed"
                + " primitives, byte[], int[], long[], String[], Object[], ArrayList, HashMap, TaskId) and the"
                + " application's own classes");
    }
}
