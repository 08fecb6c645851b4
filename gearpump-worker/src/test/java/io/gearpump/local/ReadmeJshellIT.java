package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/** Runs the README's jshell session, as written, in the JDK's jshell and checks what it prints. */
class ReadmeJshellIT {

    @Test
    void theReadmeJshellSessionWorksAsWritten() throws Exception {
        String readme = Files.readString(Path.of("..", "README.md"));
        int start = readme.indexOf("```jshell\n");
        assertTrue(start >= 0, "README.md has a ```jshell block");
        String session = readme.substring(start + "```jshell\n".length(), readme.indexOf("```", start + 9));
        Path script = Files.createTempFile("readme", ".jsh");
        Files.writeString(script, session + "\n/exit\n");
        Path jshell = Path.of(System.getProperty("java.home"), "bin", "jshell");
        Process p = new ProcessBuilder(jshell.toString(), "--class-path", classPath(), script.toString())
                .redirectErrorStream(true).start();
        try {
            p.getOutputStream().close();
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "jshell ended");
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("SUCCEEDED total=500500"), out);
            assertTrue(readme.contains("It prints `SUCCEEDED total=500500`."), "README states what the session prints");
        } finally {
            p.destroyForcibly();
            Files.deleteIfExists(script);
        }
    }

    /** This test's class path: the project's classes and every dependency jar. */
    private static String classPath() {
        return String.join(File.pathSeparator, System.getProperty("java.class.path").split(File.pathSeparator));
    }
}
