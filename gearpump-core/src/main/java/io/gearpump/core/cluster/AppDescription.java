package io.gearpump.core.cluster;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.AppCodec;
import io.gearpump.core.serialization.PartitionerCodec;
import io.gearpump.core.serialization.PartitionerWireTypes;
import io.gearpump.core.serialization.WireRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link Application} in a form that travels: task classes by name, partitioners in their
 * Kryo form (see {@link AppCodec}: registered types by id, the application's own classes by name
 * with their fields, serializable lambdas as their {@code SerializedLambda}). The client makes it;
 * only the application's own executors (whose class path holds the application's jar) turn it back
 * into an Application, so the master never reads user classes, and an executor builds no object of
 * a class that is neither registered nor the application's.
 */
public record AppDescription(String name, List<ProcessorSpec> processors, List<EdgeSpec> edges,
                             Map<String, String> config) {

    private static final AppCodec CODEC = new AppCodec(WireRegistry.builder()
            .register(PartitionerWireTypes.ENTRIES).register(DescriptionWireTypes.ENTRIES).build());

    public record ProcessorSpec(String taskClass, int parallelism, String description, Map<String, String> config) {
    }

    public record EdgeSpec(int from, int to, Partitioner partitioner) {
    }

    /** The application's description; a partitioner that could not be rebuilt in an executor is refused here. */
    public static AppDescription of(Application app) {
        CheckpointSettings.of(GearConfig.defaults(), app.config()); // a bad guarantee or interval fails here, at submission
        Graph g = app.graph();
        List<ProcessorSpec> processors = new ArrayList<>();
        for (Processor p : g.processors()) {
            processors.add(new ProcessorSpec(p.taskClass().getName(), p.parallelism(), p.description(),
                    Map.copyOf(p.config().asMap())));
        }
        List<EdgeSpec> edges = new ArrayList<>();
        for (Graph.Edge e : g.edges()) {
            PartitionerCodec.check(e.partitioner(), e.toString()); // here the error can name the edge
            edges.add(new EdgeSpec(g.idOf(e.from()), g.idOf(e.to()), e.partitioner()));
        }
        return new AppDescription(app.name(), List.copyOf(processors), List.copyOf(edges), Map.copyOf(app.config().asMap()));
    }

    /**
     * The application, its classes loaded with {@code loader} (the application's own classes only:
     * see {@link AppCodec#applicationClass}); a missing class is named in the error.
     */
    @SuppressWarnings("unchecked")
    public Application toApplication(ClassLoader loader) {
        List<Processor> ps = new ArrayList<>();
        for (ProcessorSpec spec : processors) {
            Class<?> c;
            try {
                c = AppCodec.applicationClass(spec.taskClass(), loader);
            } catch (InvalidApplicationException e) {
                throw new InvalidApplicationException("processor '" + spec.description() + "': task class " + e.getMessage());
            }
            if (!Task.class.isAssignableFrom(c)) {
                throw new InvalidApplicationException("processor '" + spec.description() + "': " + c.getName()
                        + " is not a Task");
            }
            ps.add(Processor.of((Class<? extends Task>) c, spec.parallelism(), spec.description(), UserConfig.of(spec.config())));
        }
        List<Graph.Element> elements = new ArrayList<>(ps);
        for (EdgeSpec e : edges) {
            if (e.from() < 0 || e.from() >= ps.size() || e.to() < 0 || e.to() >= ps.size()) {
                throw new InvalidApplicationException("edge " + e.from() + " -> " + e.to() + " names a processor that is not"
                        + " among the " + ps.size());
            }
            elements.add(ps.get(e.from()).to(e.partitioner(), ps.get(e.to())));
        }
        return Application.of(name, Graph.of(elements.toArray(Graph.Element[]::new)), UserConfig.of(config));
    }

    /** The encoded description; what cannot be encoded, or rebuilt from its encoding, is refused naming it. */
    public byte[] toBytes() {
        try {
            return CODEC.encode(this);
        } catch (InvalidApplicationException e) {
            throw new InvalidApplicationException("application '" + name + "' cannot be serialized to send it: "
                    + e.getMessage());
        }
    }

    /**
     * Reads a description. A class named in it must be registered for the wire or be one of the
     * application's own, from {@code loader}'s application jar (not the JDK's, not the engine's);
     * anything else is refused with the class named, before an object of it is made.
     */
    public static AppDescription fromBytes(byte[] bytes, ClassLoader loader) {
        try {
            return CODEC.decode(bytes, AppDescription.class, loader);
        } catch (InvalidApplicationException e) {
            throw new InvalidApplicationException("the application description cannot be read: " + e.getMessage());
        }
    }
}
