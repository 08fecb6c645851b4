package io.gearpump.core.api;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * The DAG of an application, written as GearPump's {@code Graph(A~>B~>C~>D, A~>C, B~>E~>D)}:
 *
 * <pre>{@code Graph.of(a.to(b).to(c).to(d), a.to(c), b.to(e).to(d))}</pre>
 *
 * Processor ids are the positions of the processors in order of first appearance. A graph with a
 * cycle or with the same pair of processors connected twice is refused.
 */
public final class Graph {

    /** What {@link #of} accepts: a lone processor or a path of edges. */
    public sealed interface Element permits Processor, Path {
    }

    /** A directed edge; messages from {@code from} reach {@code to}'s tasks through the partitioner. */
    public record Edge(Processor from, Partitioner partitioner, Processor to) {
        public Edge {
            Objects.requireNonNull(from);
            Objects.requireNonNull(partitioner);
            Objects.requireNonNull(to);
        }

        @Override
        public String toString() {
            return from.description() + " -> " + to.description();
        }
    }

    private final List<Processor> processors;
    private final List<Edge> edges;
    private final Map<Processor, Integer> ids;

    private Graph(List<Processor> processors, List<Edge> edges) {
        this.processors = List.copyOf(processors);
        this.edges = List.copyOf(edges);
        this.ids = new IdentityHashMap<>();
        for (int i = 0; i < processors.size(); i++) {
            ids.put(processors.get(i), i);
        }
        checkNoCycle();
    }

    public static Graph of(Element... elements) {
        List<Processor> processors = new ArrayList<>();
        Map<Processor, Boolean> seen = new IdentityHashMap<>();
        List<Edge> edges = new ArrayList<>();
        for (Element element : elements) {
            switch (element) {
                case Processor p -> addNode(p, processors, seen);
                case Path path -> {
                    for (Edge e : path.edges()) {
                        addNode(e.from(), processors, seen);
                        addNode(e.to(), processors, seen);
                        checkNotDuplicate(e, edges);
                        edges.add(e);
                    }
                }
                case null -> throw new InvalidApplicationException("Graph.of got a null element");
            }
        }
        if (processors.isEmpty()) {
            throw new InvalidApplicationException("a graph needs at least one processor");
        }
        return new Graph(processors, edges);
    }

    public List<Processor> processors() {
        return processors;
    }

    public List<Edge> edges() {
        return edges;
    }

    /** The processor's id in this graph. */
    public int idOf(Processor p) {
        Integer id = ids.get(p);
        if (id == null) {
            throw new IllegalArgumentException(p + " is not in this graph");
        }
        return id;
    }

    public List<Edge> outEdges(Processor p) {
        return edges.stream().filter(e -> e.from() == p).toList();
    }

    public List<Edge> inEdges(Processor p) {
        return edges.stream().filter(e -> e.to() == p).toList();
    }

    private static void addNode(Processor p, List<Processor> processors, Map<Processor, Boolean> seen) {
        if (seen.putIfAbsent(p, Boolean.TRUE) == null) {
            processors.add(p);
        }
    }

    private static void checkNotDuplicate(Edge e, List<Edge> edges) {
        for (Edge existing : edges) {
            if (existing.from() == e.from() && existing.to() == e.to()) {
                throw new InvalidApplicationException("duplicate edge " + e
                        + ": a pair of processors may be connected only once");
            }
        }
    }

    /** Depth-first search; a back edge closes a cycle, which is reported with its processors. */
    private void checkNoCycle() {
        int[] state = new int[processors.size()]; // 0 new, 1 on the current path, 2 done
        Deque<Processor> pathStack = new ArrayDeque<>();
        for (Processor p : processors) {
            visit(p, state, pathStack);
        }
    }

    private void visit(Processor p, int[] state, Deque<Processor> pathStack) {
        int id = ids.get(p);
        if (state[id] == 2) {
            return;
        }
        if (state[id] == 1) {
            List<String> cycle = new ArrayList<>();
            for (Processor q : pathStack) {
                cycle.add(q.description());
                if (q == p) {
                    break;
                }
            }
            Collections.reverse(cycle);
            cycle.add(p.description());
            throw new InvalidApplicationException("the graph has a cycle: " + String.join(" -> ", cycle));
        }
        state[id] = 1;
        pathStack.push(p);
        for (Edge e : outEdges(p)) {
            visit(e.to(), state, pathStack);
        }
        pathStack.pop();
        state[id] = 2;
    }

    @Override
    public String toString() {
        Map<String, List<String>> adjacency = new LinkedHashMap<>();
        for (Edge e : edges) {
            adjacency.computeIfAbsent(e.from().description(), k -> new ArrayList<>()).add(e.to().description());
        }
        return "Graph" + adjacency;
    }
}
