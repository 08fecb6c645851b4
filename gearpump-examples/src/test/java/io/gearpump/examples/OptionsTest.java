package io.gearpump.examples;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.SubmissionContext;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** An example's options refuse what cannot work, naming it, before anything runs. */
class OptionsTest {

    @TempDir
    Path dir;

    private static Options options(String... args) {
        return new Options("gear example test")
                .option("split", 1, "tasks")
                .option("text", "", "a file")
                .option("input", "", "a file or directory")
                .option("output", "out", "a directory")
                .option("watch", "false", "keep reading")
                .parse(args);
    }

    private static String refusal(Runnable r) {
        return assertThrows(IllegalArgumentException.class, r::run).getMessage();
    }

    @Test
    void anUnknownOptionIsNamedWithTheClosestDeclaredOne() {
        assertTrue(refusal(() -> options("-splitt", "2")).startsWith("unknown option '-splitt' (did you mean '-split'?)\nusage: "));
        assertTrue(refusal(() -> options("-frobnicate", "2")).startsWith("unknown option '-frobnicate'\nusage: "));
    }

    @Test
    void aMissingInputIsOneLineNamingThePath() {
        Path missing = dir.resolve("nonexistent");
        assertEquals("option -text: no such file: " + missing, refusal(() -> options("-text", missing.toString()).getFile("text")));
        assertEquals("option -input: no such file or directory: " + missing,
                refusal(() -> options("-input", missing.toString()).getFileOrDirectory("input")));
    }

    @Test
    void aFileOptionRefusesADirectoryAndADirectoryOptionAFile() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "a b c\n");
        assertEquals("option -text: " + dir + " is a directory, not a file", refusal(() -> options("-text", dir.toString()).getFile("text")));
        assertEquals("option -output: " + file + " exists and is not a directory",
                refusal(() -> options("-output", file.toString()).getDirectory("output")));
    }

    @Test
    void inputsThatExistAreGivenAndEmptyMeansNone() throws Exception {
        Path file = Files.writeString(dir.resolve("a.txt"), "a b c\n");
        assertEquals(Optional.of(file), options("-text", file.toString()).getFile("text"));
        assertEquals(Optional.of(dir), options("-input", dir.toString()).getFileOrDirectory("input"));
        assertEquals(Optional.empty(), options().getFile("text"));
        assertEquals(Optional.empty(), options().getFileOrDirectory("input"));
        Path notYet = dir.resolve("not-yet");
        assertEquals(notYet, options("-output", notYet.toString()).getDirectory("output"));
        assertTrue(Files.notExists(notYet), "checking a directory option does not create it");
    }

    @Test
    void aBooleanIsTrueOrFalseNothingElse() {
        assertTrue(options("-watch", "true").getBoolean("watch"));
        assertEquals(false, options().getBoolean("watch"));
        assertTrue(refusal(() -> options("-watch", "yes").getBoolean("watch")).startsWith("option -watch must be true or false, got 'yes'"));
    }

    @Test
    void underGearSubmitTheUsageDoesNotClaimToBeGearExample() {
        assertTrue(options().usage().startsWith("usage: gear example test [-split 1]"), options().usage());
        String[] submitted = new String[1];
        SubmissionContext.bind(() -> null, () -> submitted[0] = options().usage()).run();
        assertTrue(submitted[0].startsWith("usage: gear submit -jar FILE -main CLASS [-executors N] [-master HOST:PORT[,...]] [-split 1]"),
                submitted[0]);
    }
}
