package io.gearpump.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class ApplicationTest {

    private static Graph graph() {
        return Graph.of(Processor.of(GraphTest.Noop.class, 1));
    }

    @Test
    void blankOrMissingNameIsRefused() {
        for (String name : new String[] {null, "", "   "}) {
            InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                    () -> Application.of(name, graph()));
            assertEquals("an application needs a non-blank name", e.getMessage());
        }
    }

    @Test
    void missingGraphIsRefusedNamingTheApplication() {
        InvalidApplicationException e = assertThrows(InvalidApplicationException.class,
                () -> Application.of("wordcount", null));
        assertEquals("application 'wordcount' needs a graph", e.getMessage());
    }

    @Test
    void missingConfigBecomesEmpty() {
        Application app = Application.of("wordcount", graph(), null);

        assertEquals(UserConfig.empty(), app.config());
        assertEquals("wordcount", app.name());
    }
}
