package io.gearpump.core.serialization;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.serialization.WireRegistry.Entry;

import com.esotericsoftware.kryo.serializers.ClosureSerializer;

import java.util.List;

/**
 * Wire ids of the built-in partitioners and of serializable lambdas (83-89), for {@link AppCodec}
 * only: they travel with an application, never in the cluster's or the streams' frames. Append only.
 * The built-in partitioners are records (Kryo writes their components) except shuffle, a class
 * whose one field is its round-robin position; their classes are private to the API, so they are
 * reached through instances.
 */
public final class PartitionerWireTypes {

    public static final List<Entry> ENTRIES = List.of(
            new Entry(83, Partitioners.hash().getClass(), null),
            new Entry(84, Partitioners.shuffle().getClass(), null),
            new Entry(85, Partitioners.broadcast().getClass(), null),
            new Entry(86, Partitioners.coLocation().getClass(), null),
            new Entry(87, Partitioners.groupBy(Message::value).getClass(), null),
            // Kryo finds every lambda's registration under this marker class
            new Entry(88, ClosureSerializer.Closure.class, LambdaSerializer.class));

    private PartitionerWireTypes() {
    }
}
