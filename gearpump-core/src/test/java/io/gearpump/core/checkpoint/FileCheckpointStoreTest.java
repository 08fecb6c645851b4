package io.gearpump.core.checkpoint;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.TaskId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileCheckpointStoreTest {

    @TempDir
    Path dir;

    private FileCheckpointStore store() {
        return new FileCheckpointStore(dir);
    }

    private static SnapshotKey key(long checkpoint, int processor, int index) {
        return new SnapshotKey(7, checkpoint, new TaskId(processor, index));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private Path onlySnapshotFile() throws IOException {
        try (var files = Files.walk(dir)) {
            List<Path> snaps = files.filter(p -> p.toString().endsWith(".snap")).toList();
            assertEquals(1, snaps.size(), snaps.toString());
            return snaps.get(0);
        }
    }

    @Test
    void aSnapshotReadsBackAsWrittenAndALaterWriteReplacesIt() {
        FileCheckpointStore store = store();
        store.write(key(1, 0, 1), bytes("counts: a=1"));
        store.write(key(1, 0, 2), new byte[0]);
        store.write(key(1, 0, 1), bytes("counts: a=2"));

        assertArrayEquals(bytes("counts: a=2"), store.read(key(1, 0, 1)));
        assertArrayEquals(new byte[0], store.read(key(1, 0, 2)));
        assertArrayEquals(bytes("counts: a=2"), new FileCheckpointStore(dir).read(key(1, 0, 1)), "another process reads it too");
    }

    @Test
    void snapshotsWrittenForOneSyncReadBackAndASyncWithoutThemNamesTheDirectory() {
        FileCheckpointStore store = store();
        byte[] reused = bytes("abc--unused tail of a reused buffer");
        store.writeUnsynced(key(4, 0, 0), reused, 3);
        store.writeUnsynced(key(4, 0, 1), bytes("de"), 2);
        store.sync(7, 4);

        assertArrayEquals(bytes("abc"), store.read(key(4, 0, 0)), "only the given length");
        assertArrayEquals(bytes("de"), store.read(key(4, 0, 1)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> store.sync(7, 5));
        assertTrue(e.getMessage().contains("chk-5"), e.getMessage());
    }

    @Test
    void oneWritersSnapshotsOfACheckpointAreOneFileReadableOnceSynced() throws IOException {
        FileCheckpointStore executor1 = store();
        FileCheckpointStore executor2 = store();
        executor1.writeUnsynced(key(6, 0, 0), bytes("source at 42"), 12);
        executor1.writeUnsynced(key(6, 1, 0), bytes("a=1"), 3);
        executor2.writeUnsynced(key(6, 1, 1), bytes("b=2"), 3);
        assertThrows(CheckpointException.class, () -> store().read(key(6, 1, 0)), "not readable before its sync");

        executor1.sync(7, 6);
        executor2.sync(7, 6);

        FileCheckpointStore restarted = store();
        assertArrayEquals(bytes("source at 42"), restarted.read(key(6, 0, 0)));
        assertArrayEquals(bytes("a=1"), restarted.read(key(6, 1, 0)));
        assertArrayEquals(bytes("b=2"), restarted.read(key(6, 1, 1)));
        try (var files = Files.list(dir.resolve("app-7").resolve("chk-6"))) {
            assertEquals(List.of(".snaps", ".snaps"), files.map(p -> p.getFileName().toString())
                    .map(n -> n.substring(n.lastIndexOf('.'))).toList(), "one set per writer, no temporary file");
        }
    }

    @Test
    void aSetLeftUnsyncedIsDiscardedWhenItsWriterMovesOnOrCloses() throws IOException {
        FileCheckpointStore store = store();
        store.writeUnsynced(key(1, 0, 0), bytes("abandoned"), 9);
        store.writeUnsynced(key(2, 0, 0), bytes("next"), 4); // checkpoint 1 is over
        store.sync(7, 2);
        store.writeUnsynced(key(3, 0, 0), bytes("cut short"), 9);
        store.close();

        assertArrayEquals(bytes("next"), store().read(key(2, 0, 0)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> store().read(key(1, 0, 0)));
        assertTrue(e.getMessage().contains("checkpoint 1 task 0.0 is missing") && e.getMessage().contains("snapshot sets"), e.getMessage());
        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")), "no temporary set left");
        }
    }

    @Test
    void aDamagedSnapshotInASetIsRefusedNamingTheSetWhileTheOthersStillRead() throws IOException {
        FileCheckpointStore store = store();
        store.writeUnsynced(key(5, 0, 0), bytes("first"), 5);
        store.writeUnsynced(key(5, 0, 1), bytes("second"), 6);
        store.sync(7, 5);
        Path set = onlyFileEndingWith(".snaps");
        byte[] raw = Files.readAllBytes(set);
        raw[raw.length - 1] ^= 0x10; // inside the last snapshot, "second"
        Files.write(set, raw);

        FileCheckpointStore reader = store();
        assertArrayEquals(bytes("first"), reader.read(key(5, 0, 0)));
        CheckpointException e = assertThrows(CheckpointException.class, () -> reader.read(key(5, 0, 1)));
        assertTrue(e.getMessage().contains(set.toString()) && e.getMessage().contains("its checksum does not match its contents"),
                e.getMessage());
    }

    @Test
    void aTruncatedSetIsRefusedNamingTheSetAndWhatIsMissing() throws IOException {
        FileCheckpointStore store = store();
        store.writeUnsynced(key(5, 0, 0), bytes("0123456789"), 10);
        store.sync(7, 5);
        Path set = onlyFileEndingWith(".snaps");
        byte[] raw = Files.readAllBytes(set);
        Files.write(set, java.util.Arrays.copyOf(raw, raw.length - 4));

        CheckpointException e = assertThrows(CheckpointException.class, () -> store().read(key(5, 0, 0)));
        assertTrue(e.getMessage().contains(set.toString()) && e.getMessage().contains("claims 10 bytes, but 6 follow"), e.getMessage());
    }

    private Path onlyFileEndingWith(String suffix) throws IOException {
        try (var files = Files.walk(dir)) {
            List<Path> found = files.filter(p -> p.toString().endsWith(suffix)).toList();
            assertEquals(1, found.size(), found.toString());
            return found.get(0);
        }
    }

    @Test
    void noTemporaryFileIsLeftBehind() throws IOException {
        store().write(key(3, 1, 0), bytes("x"));

        try (var files = Files.walk(dir)) {
            assertTrue(files.noneMatch(p -> p.getFileName().toString().endsWith(".tmp")));
        }
    }

    @Test
    void aDamagedSnapshotIsRefusedNamingItsFile() throws IOException {
        FileCheckpointStore store = store();
        store.write(key(2, 0, 0), bytes("positions: file-1.txt@1024"));
        Path file = onlySnapshotFile();
        byte[] raw = Files.readAllBytes(file);
        raw[raw.length - 3] ^= 0x10;
        Files.write(file, raw);

        CheckpointException e = assertThrows(CheckpointException.class, () -> store.read(key(2, 0, 0)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void aTruncatedSnapshotIsRefusedNamingItsFileAndTheMissingBytes() throws IOException {
        FileCheckpointStore store = store();
        store.write(key(2, 0, 0), bytes("0123456789"));
        Path file = onlySnapshotFile();
        byte[] raw = Files.readAllBytes(file);
        Files.write(file, java.util.Arrays.copyOf(raw, raw.length - 4));

        CheckpointException e = assertThrows(CheckpointException.class, () -> store.read(key(2, 0, 0)));
        assertTrue(e.getMessage().contains(file.toString()) && e.getMessage().contains("6 bytes of a 10-byte snapshot"),
                e.getMessage());
    }

    @Test
    void aMissingSnapshotIsNamedWithTheTaskAndTheFile() {
        FileCheckpointStore store = store();
        store.write(key(4, 0, 0), bytes("x"));

        CheckpointException e = assertThrows(CheckpointException.class, () -> store.read(key(4, 2, 1)));
        assertTrue(e.getMessage().contains("checkpoint 4 task 2.1 is missing") && e.getMessage().contains("task-2-1.snap"),
                e.getMessage());
    }

    @Test
    void checkpointsAreListedInOrderAndDeletedWhole() {
        FileCheckpointStore store = store();
        for (long id : new long[] {10, 2, 9}) {
            store.write(key(id, 0, 0), bytes("s" + id));
            store.write(key(id, 1, 0), bytes("t" + id));
        }
        assertEquals(List.of(2L, 9L, 10L), store.checkpoints(7));
        assertEquals(List.of(), store.checkpoints(8));

        store.delete(7, 9);
        store.delete(7, 11); // nothing there: no error

        assertEquals(List.of(2L, 10L), store.checkpoints(7));
        assertFalse(Files.exists(Path.of(store.location(7, 9))));
    }

    @Test
    void aDirectoryThatCannotBeCreatedFailsTheWriteNamingThePath() throws IOException {
        Files.writeString(dir.resolve("app-7"), "a file where the application's directory should be");

        CheckpointException e = assertThrows(CheckpointException.class, () -> store().write(key(1, 0, 0), bytes("x")));
        assertTrue(e.getMessage().startsWith("cannot write the snapshot of app 7 checkpoint 1 task 0.0 to " + dir.resolve("app-7")),
                e.getMessage());
    }
}
