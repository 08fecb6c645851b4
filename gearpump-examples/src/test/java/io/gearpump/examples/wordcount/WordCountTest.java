package io.gearpump.examples.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.ExampleMain;
import io.gearpump.local.LocalCluster;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class WordCountTest {

    private static final String TEXT = "the cat sat on the mat\n  the dog   ate\n\nthe end\n";

    @TempDir
    Path dir;

    @Test
    void countsEveryWordOfAKnownTextExactly() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TEXT);
        UserConfig config = UserConfig.empty().with(Split.TEXT_FILE, text.toString())
                .with(Split.REPEAT, 1000).with(Sum.TOP, 100);
        try (LocalCluster cluster = LocalCluster.start()) {
            int appId = cluster.submit(WordCount.application(2, 3, config));
            AppStatus status = cluster.await(appId, Duration.ofSeconds(30));

            assertEquals(AppState.SUCCEEDED, status.state(), () -> String.valueOf(status.failure()));
            // 2 Split tasks x 1000 passes over a text of 11 words, 8 distinct
            assertEquals(2 * 1000 * 11, status.processor("split").sent());
            assertEquals(2 * 1000 * 11, status.processor("sum").received());
            Map<String, Long> expected = new TreeMap<>(Map.of(
                    "the", 8000L, "cat", 2000L, "sat", 2000L, "on", 2000L, "mat", 2000L,
                    "dog", 2000L, "ate", 2000L, "end", 2000L));
            assertEquals(expected, wordCounters(status));
        }
    }

    @Test
    void mainPrintsTheTopWordsAtTheEnd() throws Exception {
        Path text = Files.writeString(dir.resolve("text.txt"), TEXT);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int exit = WordCount.run(new String[] {"-text", text.toString(), "-repeat", "50", "-runseconds", "0",
                "-split", "2", "-sum", "2", "-top", "2"}, new PrintStream(bytes, true, StandardCharsets.UTF_8));
        String out = bytes.toString(StandardCharsets.UTF_8);

        assertEquals(0, exit, out);
        assertTrue(out.contains("state: SUCCEEDED, words counted: 1,100"), out);
        assertTrue(out.contains("top 2 words:"), out);
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+the\\s+400")), out);
        // ties are broken by the word: 'ate' comes before the other words counted 100 times
        assertTrue(out.lines().anyMatch(l -> l.matches("\\s+ate\\s+100")), out);
    }

    @Test
    void aBadOptionGetsAClearMessageAndExitCode2() throws Exception {
        PrintStream originalErr = System.err;
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        System.setErr(new PrintStream(err, true, StandardCharsets.UTF_8));
        try {
            int exit = ExampleMain.run(() -> WordCount.run(new String[] {"-splitt", "2"}, System.out));
            assertEquals(2, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("unknown option '-splitt'"), err.toString());
            exit = ExampleMain.run(() -> WordCount.run(new String[] {"-split", "two"}, System.out));
            assertEquals(2, exit);
            assertTrue(err.toString(StandardCharsets.UTF_8).contains("option -split must be an integer, got 'two'"), err.toString());
        } finally {
            System.setErr(originalErr);
        }
    }

    @Test
    void aMissingTextFileIsRefusedInOneLineBeforeAnythingRuns() {
        Path missing = dir.resolve("nonexistent");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> WordCount.run(new String[] {"-text", missing.toString()}, System.out));
        assertEquals("option -text: no such file: " + missing, e.getMessage());
    }

    private static Map<String, Long> wordCounters(AppStatus status) {
        Map<String, Long> words = new TreeMap<>();
        status.counters().forEach((k, v) -> {
            if (k.startsWith(Sum.COUNTER_PREFIX)) {
                words.put(k.substring(Sum.COUNTER_PREFIX.length()), v);
            }
        });
        return words;
    }
}
