package io.gearpump.core.cluster;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.Partitioner;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.UserConfig;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.io.ObjectStreamClass;
import java.io.Serializable;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * An {@link Application} in a form that travels: task classes by name, partitioners serialized.
 * The client makes it; only the application's own executors (whose class path holds the
 * application's jar) turn it back into an Application, so the master never deserializes user
 * classes.
 */
public record AppDescription(String name, List<ProcessorSpec> processors, List<EdgeSpec> edges,
                             Map<String, String> config) implements Serializable {

    public record ProcessorSpec(String taskClass, int parallelism, String description, Map<String, String> config)
            implements Serializable {
    }

    public record EdgeSpec(int from, int to, Partitioner partitioner) implements Serializable {
    }

    public static AppDescription of(Application app) {
        Graph g = app.graph();
        List<ProcessorSpec> processors = new ArrayList<>();
        for (Processor p : g.processors()) {
            processors.add(new ProcessorSpec(p.taskClass().getName(), p.parallelism(), p.description(),
                    Map.copyOf(p.config().asMap())));
        }
        List<EdgeSpec> edges = new ArrayList<>();
        for (Graph.Edge e : g.edges()) {
            edges.add(new EdgeSpec(g.idOf(e.from()), g.idOf(e.to()), e.partitioner()));
        }
        return new AppDescription(app.name(), List.copyOf(processors), List.copyOf(edges), Map.copyOf(app.config().asMap()));
    }

    /** The application, its classes loaded with {@code loader}; a missing class is named in the error. */
    @SuppressWarnings("unchecked")
    public Application toApplication(ClassLoader loader) {
        List<Processor> ps = new ArrayList<>();
        for (ProcessorSpec spec : processors) {
            Class<?> c;
            try {
                c = Class.forName(spec.taskClass(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new InvalidApplicationException("processor '" + spec.description() + "': task class "
                        + spec.taskClass() + " is not in the application's jar (" + e + ")");
            }
            if (!Task.class.isAssignableFrom(c)) {
                throw new InvalidApplicationException("processor '" + spec.description() + "': " + c.getName()
                        + " is not a Task");
            }
            ps.add(Processor.of((Class<? extends Task>) c, spec.parallelism(), spec.description(), UserConfig.of(spec.config())));
        }
        List<Graph.Element> elements = new ArrayList<>(ps);
        for (EdgeSpec e : edges) {
            elements.add(ps.get(e.from()).to(e.partitioner(), ps.get(e.to())));
        }
        return Application.of(name, Graph.of(elements.toArray(Graph.Element[]::new)), UserConfig.of(config));
    }

    public byte[] toBytes() {
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
                out.writeObject(this);
            }
            return bytes.toByteArray();
        } catch (IOException e) {
            throw new InvalidApplicationException("application '" + name + "' cannot be serialized to send it: " + e);
        }
    }

    /** Reads a description, resolving classes (partitioners, key functions) with {@code loader}. */
    public static AppDescription fromBytes(byte[] bytes, ClassLoader loader) {
        try (ObjectInputStream in = new ObjectInputStream(new ByteArrayInputStream(bytes)) {
            @Override
            protected Class<?> resolveClass(ObjectStreamClass desc) throws IOException, ClassNotFoundException {
                try {
                    return Class.forName(desc.getName(), false, loader);
                } catch (ClassNotFoundException e) {
                    return super.resolveClass(desc);
                }
            }
        }) {
            return (AppDescription) in.readObject();
        } catch (IOException | ClassNotFoundException | ClassCastException e) {
            throw new InvalidApplicationException("the application description cannot be read: " + e);
        }
    }

}
