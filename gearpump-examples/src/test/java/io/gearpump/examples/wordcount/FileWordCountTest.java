package io.gearpump.examples.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.examples.testing.CheckpointsInTempDir;
import io.gearpump.examples.fsio.SampleText;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The filewordcount example's command line: what it refuses before anything runs, and a run with one task per stage. */
@Timeout(60)
@ExtendWith(CheckpointsInTempDir.class)
class FileWordCountTest {

    @TempDir
    Path dir;

    private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    private final PrintStream out = new PrintStream(bytes, true, StandardCharsets.UTF_8);

    private String refusal(String... args) {
        return assertThrows(IllegalArgumentException.class, () -> FileWordCount.run(args, out)).getMessage();
    }

    @Test
    void badOptionsAreRefusedBeforeAnythingIsCreated() {
        Path output = dir.resolve("out");
        Path missing = dir.resolve("nonexist");

        assertEquals("option -input: no such file or directory: " + missing,
                refusal("-input", missing.toString(), "-output", output.toString()));
        assertTrue(refusal("-input", dir.toString(), "-output", output.toString(), "-watch", "yes")
                .startsWith("option -watch must be true or false, got 'yes'"));
        assertTrue(Files.notExists(output), "no output folder for a refused run");
    }

    @Test
    void oneSplitterAndOneCounterCountEveryWord() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        SampleText.write(input.resolve("text.txt"), 500, 1);

        int exit = FileWordCount.run(new String[] {"-input", input.toString(), "-output", dir.resolve("out").toString(),
                "-split", "1", "-count", "1"}, out);

        String text = bytes.toString(StandardCharsets.UTF_8);
        assertEquals(0, exit, text);
        assertTrue(text.contains("state: SUCCEEDED, lines read: 500, words counted: 5,000"), text);
    }
}
