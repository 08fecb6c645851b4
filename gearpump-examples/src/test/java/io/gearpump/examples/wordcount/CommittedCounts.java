package io.gearpump.examples.wordcount;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.LongStream;
import java.util.stream.Stream;

/** What the file WordCount tests compare: the word counts of the input, computed here, and the committed output's. */
public final class CommittedCounts {

    private CommittedCounts() {
    }

    /** Every word's count in the input files (words separated by single spaces, as the sample text is). */
    public static Map<String, Long> inInput(Path input) throws IOException {
        Map<String, Long> counts = new TreeMap<>();
        try (Stream<Path> files = Files.list(input)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    for (String word : line.split(" ")) {
                        counts.merge(word, 1L, Long::sum);
                    }
                }
            }
        }
        return counts;
    }

    /** The running counts in the visible part files, by word. */
    public static Map<String, List<Long>> inOutput(Path output) throws IOException {
        Map<String, List<Long>> counts = new HashMap<>();
        if (!Files.isDirectory(output)) {
            return counts;
        }
        try (Stream<Path> files = Files.list(output)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                for (String line : Files.readAllLines(f)) {
                    String[] wordAndCount = line.split(" ");
                    counts.computeIfAbsent(wordAndCount[0], w -> new ArrayList<>()).add(Long.parseLong(wordAndCount[1]));
                }
            }
        }
        return counts;
    }

    /** How many lines the committed output has. */
    public static long lines(Path output) throws IOException {
        return inOutput(output).values().stream().mapToLong(List::size).sum();
    }

    /** Every word's running counts 1..n exactly once each, where n is its count in the input. */
    public static void assertExact(Path input, Path output, String context) throws IOException {
        Map<String, Long> truth = inInput(input);
        Map<String, List<Long>> committed = inOutput(output);
        assertEquals(truth.keySet(), committed.keySet(), context);
        for (Map.Entry<String, Long> e : truth.entrySet()) {
            List<Long> counts = committed.get(e.getKey());
            counts.sort(null);
            assertEquals(LongStream.rangeClosed(1, e.getValue()).boxed().toList(), counts,
                    "the running counts of '" + e.getKey() + "' (" + context + ")");
        }
    }

    /** Whether every word's running counts 1..n are all committed (some perhaps more than once). */
    public static boolean coversAtLeastOnce(Map<String, Long> truth, Path output) throws IOException {
        Map<String, List<Long>> committed = inOutput(output);
        for (Map.Entry<String, Long> e : truth.entrySet()) {
            List<Long> counts = committed.get(e.getKey());
            if (counts == null || !new TreeSet<>(counts).containsAll(LongStream.rangeClosed(1, e.getValue()).boxed().toList())) {
                return false;
            }
        }
        return true;
    }

    /**
     * At-least-once: the words are the input's, each of a word's running counts 1..n is committed (every
     * occurrence was counted), and its greatest committed count is not below n.
     */
    public static void assertAtLeastOnce(Map<String, Long> truth, Path output, String context) throws IOException {
        Map<String, List<Long>> committed = inOutput(output);
        assertEquals(truth.keySet(), committed.keySet(), context);
        for (Map.Entry<String, Long> e : truth.entrySet()) {
            TreeSet<Long> counts = new TreeSet<>(committed.get(e.getKey()));
            assertTrue(counts.containsAll(LongStream.rangeClosed(1, e.getValue()).boxed().toList()),
                    "every running count 1.." + e.getValue() + " of '" + e.getKey() + "' committed (" + context + ")");
            assertTrue(counts.last() >= e.getValue(), "the final count of '" + e.getKey() + "', " + counts.last()
                    + ", is not below its " + e.getValue() + " occurrences (" + context + ")");
        }
    }
}
