package io.gearpump.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;

import org.junit.jupiter.api.Test;

class GraphTest {

    /** A task that does nothing; the graph only looks at processors. */
    public static class Noop extends Task {
        public Noop(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
        }
    }

    private static Processor p(String name) {
        return Processor.of(Noop.class, 1, name);
    }

    private static List<String> edgeNames(Graph g) {
        return g.edges().stream().map(Graph.Edge::toString).toList();
    }

    @Test
    void dslGivesProcessorsInOrderOfFirstAppearanceAndEveryEdge() {
        Processor a = p("a"), b = p("b"), c = p("c"), d = p("d"), e = p("e");

        Graph g = Graph.of(a.to(b).to(c).to(d), a.to(c), b.to(e).to(d));

        assertEquals(List.of(a, b, c, d, e), g.processors());
        assertEquals(List.of("a -> b", "b -> c", "c -> d", "a -> c", "b -> e", "e -> d"), edgeNames(g));
        assertEquals(List.of(0, 1, 2, 3, 4), g.processors().stream().map(g::idOf).toList());
        assertEquals(List.of("b -> c", "b -> e"), g.outEdges(b).stream().map(Graph.Edge::toString).toList());
        assertEquals(List.of("c -> d", "e -> d"), g.inEdges(d).stream().map(Graph.Edge::toString).toList());
        assertTrue(g.inEdges(a).isEmpty());
    }

    @Test
    void toUsesHashUnlessAPartitionerIsGiven() {
        Processor a = p("a"), b = p("b"), c = p("c");

        Graph g = Graph.of(a.to(b).to(Partitioners.broadcast(), c));

        assertEquals(Partitioners.hash(), g.edges().get(0).partitioner());
        assertEquals(Partitioners.broadcast(), g.edges().get(1).partitioner());
    }

    @Test
    void cycleIsRefusedNamingOnlyTheProcessorsOnIt() {
        Processor x = p("x"), a = p("a"), b = p("b"), c = p("c");

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> Graph.of(x.to(a).to(b).to(c), c.to(a)));

        assertEquals("the graph has a cycle: a -> b -> c -> a", e.getMessage());
    }

    @Test
    void selfLoopIsACycle() {
        Processor a = p("a");

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> Graph.of(a.to(a)));

        assertEquals("the graph has a cycle: a -> a", e.getMessage());
    }

    @Test
    void duplicateEdgeIsRefusedNamingIt() {
        Processor a = p("a"), b = p("b"), c = p("c");

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> Graph.of(a.to(b).to(c), a.to(Partitioners.shuffle(), b)));

        assertTrue(e.getMessage().startsWith("duplicate edge a -> b"), e.getMessage());
    }

    @Test
    void loneProcessorGraphHasOneProcessorAndNoEdges() {
        Processor a = p("a");

        Graph g = Graph.of(a);

        assertEquals(List.of(a), g.processors());
        assertTrue(g.edges().isEmpty());
        assertEquals(0, g.idOf(a));
    }

    @Test
    void processorNamedAgainAfterItsPathIsOneNode() {
        Processor a = p("a"), b = p("b"), lone = p("lone");

        Graph g = Graph.of(a.to(b), a, lone);

        assertEquals(List.of(a, b, lone), g.processors());
        assertEquals(List.of("a -> b"), edgeNames(g));
    }

    @Test
    void processorsAreNodesByIdentityNotByClass() {
        Processor first = p("same"), second = p("same");

        Graph g = Graph.of(first.to(second));

        assertNotSame(first, second);
        assertEquals(2, g.processors().size());
        assertSame(second, g.edges().get(0).to());
    }

    @Test
    void emptyOrNullElementsAreRefused() {
        InvalidApplicationException empty = assertThrows(InvalidApplicationException.class, Graph::of);
        assertEquals("a graph needs at least one processor", empty.getMessage());

        InvalidApplicationException nul = assertThrows(InvalidApplicationException.class,
                () -> Graph.of(p("a"), null));
        assertEquals("Graph.of got a null element", nul.getMessage());
    }

    @Test
    void edgeWithoutPartitionerOrTargetIsRefusedNamingTheSource() {
        Processor a = p("a");

        InvalidApplicationException e = assertThrows(InvalidApplicationException.class, () -> a.to(null, p("b")));
        assertTrue(e.getMessage().contains("'a'"), e.getMessage());
        assertThrows(InvalidApplicationException.class, () -> a.to(p("b")).to((Processor) null));
    }

    @Test
    void idOfAProcessorOutsideTheGraphIsRefused() {
        Graph g = Graph.of(p("a"));
        Processor stranger = p("stranger");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> g.idOf(stranger));
        assertTrue(e.getMessage().contains("stranger"), e.getMessage());
        assertFalse(g.processors().contains(stranger));
    }
}
