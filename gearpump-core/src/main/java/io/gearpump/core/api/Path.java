package io.gearpump.core.api;

import java.util.ArrayList;
import java.util.List;

/** A chain of edges written {@code a.to(b).to(hash, c)}; becomes part of a {@link Graph}. */
public final class Path implements Graph.Element {

    private final List<Graph.Edge> edges;
    private final Processor last;

    Path(List<Graph.Edge> edges, Processor last) {
        this.edges = edges;
        this.last = last;
    }

    /** Extends the chain from its last processor to {@code next} with the hash partitioner. */
    public Path to(Processor next) {
        return to(Partitioners.hash(), next);
    }

    public Path to(Partitioner partitioner, Processor next) {
        if (partitioner == null || next == null) {
            throw new InvalidApplicationException("an edge from '" + last.description() + "' needs a partitioner and a processor");
        }
        List<Graph.Edge> longer = new ArrayList<>(edges);
        longer.add(new Graph.Edge(last, partitioner, next));
        return new Path(List.copyOf(longer), next);
    }

    List<Graph.Edge> edges() {
        return edges;
    }
}
