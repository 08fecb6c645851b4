package io.gearpump.examples.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** bin/java-env.sh, which every script sources, against fake JDKs: it must pick one >= 21 or say clearly that none is there. */
class JavaEnvScriptTest {

    private static final Path SCRIPT = Path.of("..", "bin", "java-env.sh").toAbsolutePath().normalize();

    @TempDir
    Path dir;

    @Test
    void skipsAJavaHomeOlderThan21AndFindsTheNewestUnderTheJvmFolder() throws Exception {
        Path old = fakeJdk("old", "17.0.15");
        fakeJdk("jvms/jdk-21", "21.0.2");
        fakeJdk("jvms/jdk-25", "25.0.3");
        fakeJdk("jvms/jdk-8", "1.8.0_402");

        Result r = source(Map.of("JAVA_HOME", old.toString(), "GEAR_JVM_DIR", dir.resolve("jvms").toString()));

        assertEquals(0, r.exit, r.output);
        assertEquals(dir.resolve("jvms/jdk-25").toRealPath().toString(), r.output.strip());
    }

    @Test
    void saysInOneLineWhenNoJdk21IsFound() throws Exception {
        Path old = fakeJdk("old", "17.0.15");
        Files.createDirectories(dir.resolve("empty"));

        Result r = source(Map.of("JAVA_HOME", old.toString(), "GEAR_JVM_DIR", dir.resolve("empty").toString()));

        assertEquals(1, r.exit, r.output);
        assertTrue(r.output.startsWith("gearpump: no JDK 21 or newer found"), r.output);
        assertEquals(1, r.output.strip().lines().count(), r.output);
    }

    private record Result(int exit, String output) {
    }

    /** Sources the script in a shell whose PATH has no java, then prints the chosen JAVA_HOME. */
    private Result source(Map<String, String> env) throws Exception {
        Path noJava = Files.createDirectories(dir.resolve("nojava"));
        for (String tool : new String[] {"bash", "awk", "readlink", "dirname", "ls", "sort"}) {
            Path real = Path.of("/usr/bin", tool);
            if (!Files.exists(real)) {
                real = Path.of("/bin", tool);
            }
            Files.createSymbolicLink(noJava.resolve(tool), real);
        }
        ProcessBuilder pb = new ProcessBuilder("/bin/bash", "-c", "source \"$0\" && echo \"$JAVA_HOME\"", SCRIPT.toString())
                .redirectErrorStream(true);
        pb.environment().clear();
        pb.environment().put("PATH", noJava.toString());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    /** A folder with bin/java printing {@code version} the way the JDK does, and a bin/javac. */
    private Path fakeJdk(String name, String version) throws Exception {
        Path bin = Files.createDirectories(dir.resolve(name).resolve("bin"));
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/bash\necho 'openjdk version \"" + version + "\" 2024-01-16' >&2\n");
        Files.writeString(bin.resolve("javac"), "#!/bin/bash\n");
        for (Path f : new Path[] {java, bin.resolve("javac")}) {
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rwxr-xr-x"));
        }
        return dir.resolve(name);
    }
}
