package io.gearpump.core.connectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * FileSink's two-phase commit step by step, on the test's thread: what a restart commits and deletes,
 * and an old attempt's instance of the same task (a zombie: its executor was cut off, not yet killed)
 * writing at the same time as its successor.
 */
class FileSinkRecoveryTest {

    private static final TaskId TASK = new TaskId(1, 0);
    private static final WireCodec WIRE = new WireCodec(WireRegistry.builder().build(), 1 << 20);

    @TempDir
    Path out;

    private FileSink sink(TaskId task) {
        return new FileSink(new ManualTaskContext(task, 2, Guarantee.EXACTLY_ONCE), UserConfig.empty().with("path", out.toString()));
    }

    private static void write(FileSink sink, String... lines) {
        for (String line : lines) {
            sink.onNext(new Message(line, 0));
        }
    }

    /** The snapshot as a restart gets it: through the wire encoding the checkpoint store keeps. */
    private static Object[] stored(Object[] snapshot) {
        return (Object[]) WIRE.decode(WIRE.encode(snapshot));
    }

    @Test
    void aZombieWritingNextToItsSuccessorLeavesOnlyWhatTheCompletedCheckpointCovered() throws IOException {
        FileSink zombie = sink(TASK);
        zombie.onStart(Instant.EPOCH);
        write(zombie, "a1", "a2");
        Object[] atOne = stored(zombie.preCommit(1)); // checkpoint 1 completes, but the zombie never hears of it
        write(zombie, "a3");
        zombie.preCommit(2);                          // checkpoint 2 never completes
        write(zombie, "a4");                          // being written when the new attempt starts

        FileSink successor = sink(TASK);
        successor.recover(1, atOne);
        successor.onStart(Instant.EPOCH);
        assertEquals(List.of("a1", "a2"), visibleLines(), "the restart commits what checkpoint 1 covered, nothing more");

        // both instances go on: the successor numbers its parts from checkpoint 1's state, as the zombie did
        write(successor, "b1");
        write(zombie, "a5");
        assertThrows(UncheckedIOException.class, () -> zombie.preCommit(3), "the zombie's part was deleted under it");
        write(zombie, "a6");                        // a new part of the zombie's
        successor.preCommit(11);
        write(successor, "b2");
        zombie.preCommit(12);                       // the zombie pre-commits: hidden, and in no checkpoint that completes
        successor.preCommit(13);
        write(successor, "b3");                     // a part number the zombie has used too
        write(zombie, "a7");
        successor.commit(13);
        zombie.onStop();                            // the zombie's input ends: it must not commit what is left

        assertEquals(List.of("a1", "a2", "b1", "b2"), visibleLines(), "exactly what the completed checkpoints covered");
        // the zombie started afresh (run c0-...), its successor from checkpoint 1 (run c1-...)
        assertEquals(List.of(), hiddenParts().stream().filter(n -> n.contains("-c0-")).toList(),
                "the zombie deleted its uncommitted parts when it saw it was replaced");
    }

    @Test
    void aRestartCommitsExactlyThePartsItsCheckpointNamesAndDeletesOnlyItsTasksOtherHiddenParts() throws IOException {
        FileSink first = sink(TASK);
        first.onStart(Instant.EPOCH);
        write(first, "x1");
        first.preCommit(1);
        write(first, "x2");
        Object[] atTwo = stored(first.preCommit(2));
        first.commit(1);                            // x1 visible; x2 pending in checkpoint 2
        write(first, "x3");
        first.preCommit(3);                         // never completes
        Files.writeString(out.resolve(".part-1-1-0-c0-othertask.pending"), "another task's\n");

        FileSink restarted = sink(TASK);
        restarted.recover(2, atTwo);
        restarted.onStart(Instant.EPOCH);

        assertEquals(List.of("x1", "x2"), visibleLines());
        assertEquals(List.of(".part-1-1-0-c0-othertask.pending"), hiddenParts(), "another task's parts are not this task's to delete");
    }

    @Test
    void aStartWithoutACheckpointDeletesHiddenLeftoversButNoVisiblePart() throws IOException {
        Files.writeString(out.resolve("part-1-0-0-c0-earlier"), "committed earlier\n");
        Files.writeString(out.resolve(".part-1-0-1-c0-earlier.inprogress"), "never committed\n");

        FileSink sink = sink(TASK);
        sink.onStart(Instant.EPOCH);
        write(sink, "new");
        sink.onStop();
        assertEquals(List.of("committed earlier"), visibleLines(), "the end of the stream waits for the final checkpoint");
        endWithFinalCheckpoint(sink, 1);

        assertEquals(List.of("committed earlier", "new"), visibleLines());
        assertEquals(List.of(), hiddenParts());
    }

    /** What the engine does once every task finished: a checkpoint takes the sink's final state, then completes. */
    private static void endWithFinalCheckpoint(FileSink sink, long checkpointId) {
        sink.preCommit(checkpointId);
        sink.commit(checkpointId);
    }

    private List<String> visibleLines() throws IOException {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.list(out)) {
            for (Path f : files.filter(p -> !p.getFileName().toString().startsWith(".")).sorted().toList()) {
                lines.addAll(Files.readAllLines(f));
            }
        }
        lines.sort(null);
        return lines;
    }

    private List<String> hiddenParts() throws IOException {
        try (Stream<Path> files = Files.list(out)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.startsWith(".part-") && !n.endsWith(".claim")).sorted().toList();
        }
    }

    @Test
    void everyRunNamesItsPartsAfterTheCheckpointItRestoredAndATokenOfItsOwn() throws IOException {
        FileSink a = sink(TASK);
        a.onStart(Instant.EPOCH);
        write(a, "1");
        Object[] state = stored(a.preCommit(5));
        FileSink b = sink(TASK);
        b.recover(5, state);
        b.onStart(Instant.EPOCH);
        write(b, "2");
        b.onStop();
        endWithFinalCheckpoint(b, 6);

        List<String> names;
        try (Stream<Path> files = Files.list(out)) {
            names = files.map(p -> p.getFileName().toString()).filter(n -> !n.startsWith(".")).sorted().toList();
        }
        assertEquals(2, names.size(), String.valueOf(names));
        assertTrue(names.get(0).matches("part-1-0-0-c0-[0-9a-f]{8}"), names.get(0));
        assertTrue(names.get(1).matches("part-1-0-1-c5-[0-9a-f]{8}"), names.get(1));
    }
}
