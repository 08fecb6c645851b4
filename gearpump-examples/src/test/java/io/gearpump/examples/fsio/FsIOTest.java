package io.gearpump.examples.fsio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.examples.testing.CheckpointsInTempDir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
@ExtendWith(CheckpointsInTempDir.class)
class FsIOTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    @Test
    void aMissingInputIsRefusedInOneLineBeforeAnythingRuns() {
        Path missing = dir.resolve("nonexist");
        Path output = dir.resolve("out");

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsIO.run(new String[] {"-input", missing.toString(), "-output", output.toString()}, out));

        assertEquals("option -input: no such file or directory: " + missing, e.getMessage());
        assertTrue(Files.notExists(output), "no output folder for a refused run");
    }

    @Test
    void aRefusedRunCreatesNeitherTheSampleInputNorTheOutput() throws Exception {
        Path output = dir.resolve("out");
        Set<String> samplesBefore = sampleDirectories();

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> FsIO.run(new String[] {"-guarantee", "exactly", "-output", output.toString()}, out));

        assertEquals("option -guarantee must be none, at_least_once or exactly_once, got 'exactly'", e.getMessage());
        assertTrue(Files.notExists(output), "no output folder for a refused run");
        assertEquals(samplesBefore, sampleDirectories(), "no sample generated for a refused run");
    }

    @Test
    void oneReaderAndOneWriterCopyEveryLine() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        SampleText.write(input.resolve("text.txt"), 1_000, 1);
        Path output = dir.resolve("out");

        int exit = FsIO.run(new String[] {"-input", input.toString(), "-output", output.toString(), "-readers", "1", "-writers", "1"}, out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("state: SUCCEEDED, lines copied: 1,000 from " + input.toAbsolutePath()), text);
        assertTrue(Files.exists(input.resolve("text.txt")), "the user's input is never deleted");
    }

    /** The sample directories in the temporary directory, as a refused run must leave them. */
    private static Set<String> sampleDirectories() throws IOException {
        try (Stream<Path> all = Files.list(Path.of(System.getProperty("java.io.tmpdir")))) {
            return all.map(p -> p.getFileName().toString()).filter(n -> n.startsWith("gearpump-sample-text")).collect(Collectors.toSet());
        }
    }
}
