package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

/**
 * Every jar of the engine is known as the engine's, so that no class of it can pass for an
 * application's class in a description. It lives here because only gearpump-examples has the whole
 * engine (every module and library) on its class path; it fails when a dependency is added to the
 * engine without an anchor in {@link EngineClassPath}.
 */
class EngineClassPathTest {

    /**
     * Test-only libraries, test classes (a directory, or gearpump-core's test jar with the shared test
     * kit), and the examples themselves (applications, plus LocalCluster).
     */
    private static boolean notTheEngine(String entry) {
        String name = new File(entry).getName();
        return entry.endsWith("test-classes") || name.endsWith("-tests.jar")
                || entry.replace('\\', '/').contains("gearpump-examples/target/")
                || name.startsWith("junit-") || name.startsWith("opentest4j-") || name.startsWith("apiguardian-");
    }

    @Test
    void everyJarOfTheEngineIsAnEngineRoot() {
        List<String> missing = new ArrayList<>();
        int engine = 0;
        for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
            if (entry.isEmpty() || notTheEngine(entry)) {
                continue;
            }
            engine++;
            String root = new File(entry).toURI().toString();
            if (!EngineClassPath.ROOTS.contains(root)) {
                missing.add(root);
            }
        }
        assertEquals(List.of(), missing, "add an anchor class for each to EngineClassPath; known: " + EngineClassPath.ROOTS);
        assertTrue(engine >= 10, "the four modules and six libraries, found " + engine);
        assertEquals(engine, EngineClassPath.ROOTS.size(), "every anchor is on this class path: " + EngineClassPath.ROOTS);
    }
}
