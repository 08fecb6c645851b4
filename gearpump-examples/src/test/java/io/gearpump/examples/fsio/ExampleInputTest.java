package io.gearpump.examples.fsio;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExampleInputTest {

    @TempDir
    Path dir;

    @Test
    void aGeneratedSampleIsDeletedWhenClosed() throws Exception {
        Path sample;
        try (ExampleInput input = ExampleInput.of(Optional.empty(), 400)) {
            sample = input.path();
            assertTrue(input.generated());
            try (Stream<Path> files = Files.list(sample)) {
                assertEquals(4, files.count(), "four text files");
            }
        }
        assertFalse(Files.exists(sample), sample + " is deleted");
    }

    @Test
    void theUsersOwnInputIsLeftAlone() throws Exception {
        Path file = Files.writeString(dir.resolve("mine.txt"), "a b c\n");
        try (ExampleInput input = ExampleInput.of(Optional.of(file), 400)) {
            assertEquals(file, input.path());
            assertFalse(input.generated());
        }
        assertEquals("a b c\n", Files.readString(file));
    }
}
