package io.gearpump.core.serialization;

import io.gearpump.core.api.TaskId;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;

/**
 * Core's wire ids (10-99): these (10-29), the cluster protocol's (30-79, ClusterWireTypes), the
 * application description's (80-82, DescriptionWireTypes) and the partitioners' (83-89,
 * PartitionerWireTypes). Append only: a released id never changes meaning. Kryo itself holds 0-9
 * (primitives, their boxes, and String). Containers use serializers that check claimed sizes
 * against the frame before allocating.
 */
final class CoreWireTypes {

    static final List<WireRegistry.Entry> ENTRIES = List.of(
            new WireRegistry.Entry(10, byte[].class, null),
            new WireRegistry.Entry(11, int[].class, null),
            new WireRegistry.Entry(12, long[].class, null),
            new WireRegistry.Entry(13, String[].class, BoundedSerializers.ObjectArray.class),
            new WireRegistry.Entry(14, Object[].class, BoundedSerializers.ObjectArray.class),
            new WireRegistry.Entry(15, ArrayList.class, BoundedSerializers.List.class),
            new WireRegistry.Entry(16, HashMap.class, BoundedSerializers.HashMapSerializer.class),
            new WireRegistry.Entry(17, TaskId.class, null));

    private CoreWireTypes() {
    }
}
