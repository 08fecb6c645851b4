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
            Random random = new Random(42);
            for (int f = 0; f < 4; f++) {
                StringBuilder text = new StringBuilder();
                for (int i = f; i < lines; i += 4) {
                    for (int w = 0; w < 10; w++) {
                        text.append(w == 0 ? "" : " ").append(WORDS[random.nextInt(WORDS.length)]);
                    }
                    text.append('\n');
                }
                Files.writeString(dir.resolve("text-" + f + ".txt"), text);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the sample text: " + e.getMessage(), e);
        }
    }
}
