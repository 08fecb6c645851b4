package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An application too big for its JVM's heap (SOL 3,000 + 3,000 on the in-process cluster in 400 MB; 2,000 +
 * 2,000 fits in 400 MB since wide edges have no object per pair):
 * the user is told it ran out of memory, the application ends FAILED with that cause, and no thread
 * of the master, the worker or the executor dies of an OutOfMemoryError on the way.
 */
class HeapExhaustionIT {

    @TempDir
    Path dir;

    @Test
    void anApplicationThatOutgrowsTheHeapFailsNamingItAndTheDaemonsLive() throws Exception {
        ProcessBuilder gear = new ProcessBuilder(ClusterProcesses.HOME.resolve("bin/gear").toString(), "example", "sol",
                "-streamProducer", "3000", "-streamProcessor", "3000", "-runseconds", "30")
                .directory(dir.toFile()).redirectErrorStream(true);
        gear.environment().put("GEAR_JAVA_OPTS", "-Xmx400m -Dgearpump.app.max.restarts=1");
        Process p = gear.start();
        try {
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), output);

            assertEquals(1, p.exitValue(), output);
            assertTrue(output.contains("state: FAILED"), output);
            assertTrue(output.lines().anyMatch(l -> l.startsWith("failure: ") && l.contains("out of memory: the JVM's heap was")
                    && l.contains("application sol (6,000 tasks in this JVM")), output);
            assertFalse(output.contains("OutOfMemoryError"), "no thread died of it: " + output);
        } finally {
            p.destroyForcibly();
        }
    }
}
