package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.master.cluster.MasterService;
import io.gearpump.worker.daemon.WorkerService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The daemons never call each other's code (DESIGN section 2): gearpump-worker depends on
 * gearpump-master only so that {@code io.gearpump.local} can start both. Checked on the compiled
 * classes (every class a class refers to is named in its constant pool, fully qualified names and
 * signatures included) and on the sources' imports (a constant the compiler inlined leaves no trace
 * in the class file).
 */
class DaemonIsolationTest {

    private static final Pattern IMPORT = Pattern.compile("(?m)^import\\s+(static\\s+)?(io\\.gearpump\\.[a-z]+)\\.");

    @Test
    void noWorkerClassOutsideIoGearpumpLocalRefersToTheMaster() {
        Map<String, byte[]> classes = classesBeside(WorkerService.class);
        assertTrue(classes.containsKey("io/gearpump/worker/daemon/WorkerService.class"), "the scan sees the worker's classes");
        assertTrue(classes.containsKey("io/gearpump/local/LocalCluster.class"), "the scan sees io.gearpump.local");

        List<String> offenders = classes.entrySet().stream()
                .filter(e -> !e.getKey().startsWith("io/gearpump/local/"))
                .filter(e -> refersTo(e.getValue(), "io/gearpump/master/"))
                .map(Map.Entry::getKey).toList();

        assertEquals(List.of(), offenders, "worker classes that use the master's code (only io.gearpump.local may)");
    }

    @Test
    void noMasterClassRefersToTheWorkerOrToIoGearpumpLocal() {
        Map<String, byte[]> classes = classesBeside(MasterService.class);
        assertTrue(classes.containsKey("io/gearpump/master/cluster/MasterService.class"), "the scan sees the master's classes");

        List<String> offenders = classes.entrySet().stream()
                .filter(e -> refersTo(e.getValue(), "io/gearpump/worker/") || refersTo(e.getValue(), "io/gearpump/local/"))
                .map(Map.Entry::getKey).toList();

        assertEquals(List.of(), offenders, "master classes that use the worker's code");
    }

    @Test
    void neitherDaemonImportsTheOther() throws IOException {
        Map<String, String> imports = new TreeMap<>();
        imports.putAll(importsOf(Path.of("src/main/java/io/gearpump/worker"), "io.gearpump.master", "io.gearpump.local"));
        imports.putAll(importsOf(Path.of("../gearpump-master/src/main/java/io/gearpump/master"), "io.gearpump.worker",
                "io.gearpump.local"));

        assertEquals(Map.of(), imports, "sources that import the other daemon's packages");
    }

    /** Files (relative to {@code root}) whose imports name one of {@code forbidden}, with the package they name. */
    private static Map<String, String> importsOf(Path root, String... forbidden) throws IOException {
        assertTrue(Files.isDirectory(root), root.toAbsolutePath() + " is there");
        Map<String, String> out = new TreeMap<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                var m = IMPORT.matcher(Files.readString(f));
                while (m.find()) {
                    if (List.of(forbidden).contains(m.group(2))) {
                        out.put(root.relativize(f).toString(), m.group(2));
                    }
                }
            }
        }
        return out;
    }

    private static boolean refersTo(byte[] classFile, String packagePrefix) {
        return new String(classFile, StandardCharsets.ISO_8859_1).contains(packagePrefix);
    }

    /** Every class file of the module (a classes directory or a jar) that holds {@code anchor}, by path. */
    private static Map<String, byte[]> classesBeside(Class<?> anchor) {
        Map<String, byte[]> out = new TreeMap<>();
        try {
            Path location = Path.of(anchor.getProtectionDomain().getCodeSource().getLocation().toURI());
            if (Files.isDirectory(location)) {
                try (Stream<Path> files = Files.walk(location)) {
                    for (Path f : files.filter(p -> p.toString().endsWith(".class")).toList()) {
                        out.put(location.relativize(f).toString().replace('\\', '/'), Files.readAllBytes(f));
                    }
                }
            } else {
                try (JarFile jar = new JarFile(location.toFile())) {
                    for (JarEntry e : jar.stream().filter(e -> e.getName().endsWith(".class")).toList()) {
                        out.put(e.getName(), jar.getInputStream(e).readAllBytes());
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
        return out;
    }
}
