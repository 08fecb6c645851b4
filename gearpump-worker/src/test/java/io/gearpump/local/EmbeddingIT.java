package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * What an embedder gets from the one dependency gearpump-worker: a main compiled and run on this
 * module's jar and its runtime dependencies alone (as Maven resolves them for a user) starts a
 * {@code LocalCluster} through {@code Cluster.connect()} and runs an application to SUCCEEDED, with
 * neither a logging backend nor the examples on its class path.
 */
@Timeout(value = 2, unit = TimeUnit.MINUTES)
class EmbeddingIT {

    private static final String MAIN = """
            import io.gearpump.core.api.*;
            import java.time.*;

            public class Embedder {
                public static class Numbers extends Task {
                    int next = 1;
                    public Numbers(TaskContext context, UserConfig config) { super(context, config); }
                    public void onStart(Instant startTime) { context.sendToSelf(Message.of("go")); }
                    public void onNext(Message m) {
                        if (next <= 1000) { output(Message.of(next++)); context.sendToSelf(m); }
                    }
                }

                public static class Total extends Task {
                    long sum = 0;
                    public Total(TaskContext context, UserConfig config) { super(context, config); }
                    public void onNext(Message m) { sum += (Integer) m.value(); }
                    public void onStop() { context.counter("total").add(sum); }
                }

                public static void main(String[] args) {
                    for (String name : new String[] {"org.slf4j.simple.SimpleServiceProvider", "io.gearpump.examples.ExampleMain"}) {
                        try {
                            Class.forName(name);
                            System.out.println("present " + name);
                        } catch (ClassNotFoundException e) {
                            System.out.println("absent " + name);
                        }
                    }
                    try (Cluster cluster = Cluster.connect()) {
                        System.out.println("cluster " + cluster.getClass().getName());
                        var graph = Graph.of(Processor.of(Numbers.class, 1).to(Processor.of(Total.class, 2)));
                        int appId = cluster.submit(Application.of("sum", graph));
                        AppStatus status = cluster.await(appId, Duration.ofSeconds(30));
                        System.out.println(status.state() + " total=" + status.counter("total"));
                    }
                }
            }
            """;

    @TempDir
    Path dir;

    @Test
    void aMainOnTheModulesRuntimeClassPathRunsAnApplicationOnLocalCluster() throws Exception {
        List<String> classPath = new ArrayList<>();
        classPath.add(property("embedder.jar"));
        classPath.addAll(List.of(Files.readString(Path.of(property("embedder.classpath"))).trim().split(File.pathSeparator)));
        assertTrue(classPath.stream().noneMatch(e -> e.contains("slf4j-simple") || e.contains("gearpump-examples")), classPath.toString());
        for (String needed : List.of("gearpump-master", "gearpump-net", "gearpump-core", "slf4j-api")) {
            assertTrue(classPath.stream().anyMatch(e -> e.contains(needed)), needed + " in " + classPath);
        }
        Path main = Files.writeString(dir.resolve("Embedder.java"), MAIN);

        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString()));
        if (Runtime.version().feature() >= 24) {
            command.add("--sun-misc-unsafe-memory-access=allow"); // Kryo's
        }
        command.addAll(List.of("-Dgearpump.worker.dir=" + dir.resolve("work"), "-cp", String.join(File.pathSeparator, classPath),
                main.toString()));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile()).start();
        try {
            assertTrue(p.waitFor(90, TimeUnit.SECONDS), "the main ended");
            String out = Files.readString(dir.resolve("out.log"), StandardCharsets.UTF_8);

            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("cluster io.gearpump.local.LocalCluster"), out);
            assertTrue(out.contains("SUCCEEDED total=500500"), out);
            assertTrue(out.contains("absent org.slf4j.simple.SimpleServiceProvider"), out);
            assertTrue(out.contains("No SLF4J providers were found"), "slf4j finds no backend:\n" + out);
            assertTrue(out.contains("absent io.gearpump.examples.ExampleMain"), out);
        } finally {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
        }
    }

    private static String property(String name) {
        String value = System.getProperty(name);
        assertTrue(value != null, name + " is set by the failsafe configuration in gearpump-worker/pom.xml");
        return value;
    }
}
