package io.gearpump.core.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.runtime.PartCheckpoints;
import io.gearpump.core.task.CheckpointListener;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.RunId;
import io.gearpump.core.testing.Poll;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class FileConnectorsTest {

    @TempDir
    Path dir;

    private Path input() throws IOException {
        Path in = Files.createDirectories(dir.resolve("in"));
        for (int f = 0; f < 3; f++) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < 1_000; i++) {
                text.append("file ").append(f).append(" line ").append(i).append('\n');
            }
            if (f == 2) {
                text.append("a last line without a newline");
            }
            Files.writeString(in.resolve("input-" + f + ".txt"), text);
        }
        Files.writeString(in.resolve(".hidden"), "never read\n");
        return in;
    }

    private static Application copy(Path in, Path out, UserConfig sourceConfig) {
        return Application.of("copy", Graph.of(Processor.of(FileSource.class, 2, "read", sourceConfig.with("path", in.toString()))
                .to(Processor.of(FileSink.class, 2, "write", UserConfig.empty().with("path", out.toString())))));
    }

    /** Every line of the visible part files, sorted. */
    private static List<String> visibleLines(Path out) throws IOException {
        List<String> lines = new ArrayList<>();
        if (!Files.isDirectory(out)) {
            return lines;
        }
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    private static List<String> allLines(Path in) throws IOException {
        List<String> lines = new ArrayList<>();
        for (int f = 0; f < 3; f++) {
            lines.addAll(Files.readAllLines(in.resolve("input-" + f + ".txt")));
        }
        lines.sort(null);
        return lines;
    }

    @Test
    void withoutAGuaranteeEveryLineIsCopiedOnceAndVisibleAtTheEnd() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int app = engine.submit(copy(in, out, UserConfig.empty()));

            assertEquals(AppState.SUCCEEDED, engine.awaitTermination(app, Poll.TIMEOUT).state());
        }
        assertEquals(allLines(in), visibleLines(out));
        assertEquals(3_001, visibleLines(out).size(), "the last line without a newline too, the hidden file not");
    }

    @Test
    void withAGuaranteePartsBecomeVisibleOnlyWhenTheirCheckpointCompletes() throws Exception {
        Path in = input();
        Path out = dir.resolve("out");
        Map<String, Object> states = new ConcurrentHashMap<>();
        CheckpointListener listener = (task, id, state) -> states.put(task.spec().description() + task.spec().taskId().index(), state.custom());
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            engine.submitPart(RunId.of(1), copy(in, out, UserConfig.empty().with("watch", true).with("watch.interval.ms", 50)),
                    RemoteLinks.ALL_LOCAL, Instant.EPOCH, new PartCheckpoints(Guarantee.EXACTLY_ONCE, listener, 0, Map.of(), type -> true));
            engine.triggerCheckpoint(1, 1);
            Poll.until("every task to take checkpoint 1", () -> states.size() == 4);
            assertEquals(List.of(), visibleLines(out), "nothing is visible before the checkpoint completes");

            engine.checkpointCompleted(1, 1);
            long read = linesBefore(in, (Map<?, ?>) states.get("read0")) + linesBefore(in, (Map<?, ?>) states.get("read1"));
            Poll.until("the lines read before the barrier to be committed", () -> visibleLines(out).size() == read);

            long[] next = {2};
            Poll.until("every line committed, checkpoint after checkpoint", () -> {
                states.clear();
                engine.triggerCheckpoint(1, next[0]);
                Poll.until("every task to take checkpoint " + next[0], () -> states.size() == 4);
                engine.checkpointCompleted(1, next[0]++);
                return visibleLines(out).size() == 3_000;
            });
            assertEquals(allLines(in).stream().filter(l -> !l.startsWith("a last")).toList(), visibleLines(out),
                    "each line once; a watched file's unfinished last line is not read");
            engine.kill(1);
        }
    }

    /** How many lines the source had read, by its snapshot: the newlines before each file's offset. */
    private static long linesBefore(Path in, Map<?, ?> offsets) throws IOException {
        long lines = 0;
        for (Map.Entry<?, ?> e : offsets.entrySet()) {
            byte[] bytes = Files.readAllBytes(in.resolve((String) e.getKey()));
            for (int i = 0; i < (Long) e.getValue(); i++) {
                lines += bytes[i] == '\n' ? 1 : 0;
            }
        }
        return lines;
    }

    @Test
    void aMissingPathIsNamed() throws Exception {
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int app = engine.submit(copy(dir.resolve("nowhere"), dir.resolve("out"), UserConfig.empty()));

            var status = engine.awaitTermination(app, Poll.TIMEOUT);
            assertEquals(AppState.FAILED, status.state());
            assertTrue(status.failure().contains("FileSource: " + dir.resolve("nowhere") + " does not exist"), status.failure());
        }
    }

    @Test
    void aWatchedFileStaysWithItsReaderWhenFilesArriveThatSortBeforeIt() throws Exception {
        Path in = Files.createDirectories(dir.resolve("watched"));
        Path out = dir.resolve("out");
        Files.writeString(in.resolve("a-1.txt"), "one\n");
        Files.writeString(in.resolve("a-3.txt"), "three\n");
        try (LocalEngine engine = new LocalEngine(GearConfig.defaults())) {
            int app = engine.submit(Application.of("watch", Graph.of(Processor.of(FileSource.class, 2, "read",
                            UserConfig.empty().with("path", in.toString()).with("watch", true).with("watch.interval.ms", 20))
                    .to(Processor.of(FileSink.class, 1, "write", UserConfig.empty().with("path", out.toString()).with("part.lines", 1))))));
            Poll.until("the first two files copied", () -> visibleLines(out).size() == 2);

            for (int i = 0; i < 9; i++) { // names that sort between the ones already read, moving a-3 by an odd count
                Files.writeString(in.resolve("a-2" + i + ".txt"), "two " + i + "\n");
            }
            Poll.until("the new files copied", () -> visibleLines(out).size() >= 11);
            engine.kill(app);
        }
        List<String> expected = new ArrayList<>(List.of("one", "three"));
        for (int i = 0; i < 9; i++) {
            expected.add("two " + i);
        }
        expected.sort(null);
        assertEquals(expected, visibleLines(out), "every line once: no file moved to another reader and was read again");
    }
}
