package io.gearpump.examples.fsio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/** Generated input for the file examples: lines of words from a small vocabulary, in a few files. */
public final class SampleText {

    private static final String[] WORDS = ("a stream is a story that never ends and a task reads it one word at a time "
            + "the split task cuts every line into words and sends each word on its way").split(" ");

    private SampleText() {
    }

    /** {@code lines} lines of ten words over four files in a new temporary directory; the same every time. */
    public static Path generate(int lines) {
        try {
            Path dir = Files.createTempDirectory("gearpump-sample-text");
            for (int f = 0; f < 4; f++) {
                write(dir.resolve("text-" + f + ".txt"), lines / 4, 42 + f);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample text: " + e.getMessage(), e);
        }
    }

    /**
     * Writes {@code lines} lines of ten words into {@code file}, the words chosen by {@code seed}; the file
     * appears whole (written under a hidden name, then renamed), as a watching source needs.
     */
    public static void write(Path file, int lines, long seed) throws IOException {
        Random random = new Random(seed);
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < lines; i++) {
            for (int w = 0; w < 10; w++) {
                text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
            }
            text.append('\n');
        }
        Path hidden = file.resolveSibling("." + file.getFileName());
        Files.writeString(hidden, text);
        Files.move(hidden, file, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }
}
