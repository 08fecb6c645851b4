package io.gearpump.core.cluster;

import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.cluster.AppDescription.EdgeSpec;
import io.gearpump.core.cluster.AppDescription.ProcessorSpec;
import io.gearpump.core.serialization.WireRegistry.Entry;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.ClosureSerializer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Wire ids of an application's description (80-82), used with the partitioners' (83-89) by
 * {@link AppDescription}'s codec only. Append only. The records hold immutable collections, which
 * are not wire types, so each has a serializer: counts are checked against the bytes left before
 * anything is allocated, and an edge's partitioner must be a {@link Partitioner} (or a lambda)
 * before it is built.
 */
public final class DescriptionWireTypes {

    public static final List<Entry> ENTRIES = List.of(
            new Entry(80, AppDescription.class, DescriptionSerializer.class),
            new Entry(81, ProcessorSpec.class, ProcessorSpecSerializer.class),
            new Entry(82, EdgeSpec.class, EdgeSpecSerializer.class));

    private DescriptionWireTypes() {
    }

    public static final class DescriptionSerializer extends Serializer<AppDescription> {
        @Override
        public void write(Kryo kryo, Output output, AppDescription d) {
            output.writeString(d.name());
            output.writeVarInt(d.processors().size(), true);
            d.processors().forEach(p -> kryo.writeObject(output, p));
            output.writeVarInt(d.edges().size(), true);
            d.edges().forEach(e -> kryo.writeObject(output, e));
            writeMap(output, d.config());
        }

        @Override
        public AppDescription read(Kryo kryo, Input input, Class<? extends AppDescription> type) {
            String name = text(input, "the application's name");
            List<ProcessorSpec> processors = new ArrayList<>();
            for (int i = count(input, "processors"); i > 0; i--) {
                processors.add(kryo.readObject(input, ProcessorSpec.class));
            }
            List<EdgeSpec> edges = new ArrayList<>();
            for (int i = count(input, "edges"); i > 0; i--) {
                edges.add(kryo.readObject(input, EdgeSpec.class));
            }
            return new AppDescription(name, List.copyOf(processors), List.copyOf(edges), readMap(input));
        }
    }

    public static final class ProcessorSpecSerializer extends Serializer<ProcessorSpec> {
        @Override
        public void write(Kryo kryo, Output output, ProcessorSpec p) {
            output.writeString(p.taskClass());
            output.writeVarInt(p.parallelism(), true);
            output.writeString(p.description());
            writeMap(output, p.config());
        }

        @Override
        public ProcessorSpec read(Kryo kryo, Input input, Class<? extends ProcessorSpec> type) {
            return new ProcessorSpec(text(input, "a task class"), input.readVarInt(true),
                    text(input, "a processor's description"), readMap(input));
        }
    }

    public static final class EdgeSpecSerializer extends Serializer<EdgeSpec> {
        @Override
        public void write(Kryo kryo, Output output, EdgeSpec e) {
            output.writeVarInt(e.from(), true);
            output.writeVarInt(e.to(), true);
            kryo.writeClassAndObject(output, e.partitioner());
        }

        /** Checks the partitioner's class before Kryo builds anything of it. */
        @Override
        public EdgeSpec read(Kryo kryo, Input input, Class<? extends EdgeSpec> type) {
            int from = input.readVarInt(true);
            int to = input.readVarInt(true);
            Registration r = kryo.readClass(input);
            if (r == null) {
                throw new InvalidApplicationException("edge " + from + " -> " + to + " has no partitioner");
            }
            if (r.getType() != ClosureSerializer.Closure.class && !Partitioner.class.isAssignableFrom(r.getType())) {
                throw new InvalidApplicationException("edge " + from + " -> " + to + " names " + r.getType().getName()
                        + " as its partitioner, which is not a " + Partitioner.class.getName());
            }
            @SuppressWarnings("unchecked")
            Object partitioner = kryo.readObject(input, (Class<Object>) r.getType(), r.getSerializer());
            if (!(partitioner instanceof Partitioner p)) {
                throw new InvalidApplicationException("edge " + from + " -> " + to + " has a lambda of "
                        + partitioner.getClass().getName() + " as its partitioner, which is not a " + Partitioner.class.getName());
            }
            return new EdgeSpec(from, to, p);
        }
    }

    private static void writeMap(Output output, Map<String, String> map) {
        output.writeVarInt(map.size(), true);
        map.forEach((k, v) -> {
            output.writeString(k);
            output.writeString(v);
        });
    }

    private static Map<String, String> readMap(Input input) {
        int size = count(input, "settings");
        Map<String, String> map = HashMap.newHashMap(size);
        for (int i = 0; i < size; i++) {
            map.put(text(input, "a setting's key"), text(input, "a setting's value"));
        }
        return Map.copyOf(map);
    }

    /** Each element takes at least one byte, so a count beyond the bytes left is a lie. */
    private static int count(Input input, String what) {
        int n = input.readVarInt(true);
        if (n < 0 || n > input.limit() - input.position()) {
            throw new InvalidApplicationException("the description claims " + n + " " + what + " with only "
                    + (input.limit() - input.position()) + " bytes left");
        }
        return n;
    }

    private static String text(Input input, String what) {
        String s = input.readString();
        if (s == null) {
            throw new InvalidApplicationException("the description has no " + what);
        }
        return s;
    }
}
