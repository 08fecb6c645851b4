package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CompletableFuture;

/** The file storage: round trips, crash consistency (torn, damaged, unfinished writes), group commit, compaction. */
class FileStorageTest {

    @TempDir
    Path dir;

    private static LogEntry e(long index, long term) {
        return LogEntry.command(index, term, 7, index, ("command " + index).getBytes());
    }

    private static List<LogEntry> entries(long from, long to, long term) {
        List<LogEntry> out = new ArrayList<>();
        for (long i = from; i <= to; i++) {
            out.add(e(i, term));
        }
        return out;
    }

    private FileStorage open() {
        return FileStorage.open(dir, "t");
    }

    @Test
    void whatWasSyncedIsReadBackExactly() {
        try (FileStorage s = open()) {
            assertEquals(PersistentState.EMPTY, s.load());
            s.saveHardState(new HardState(3, "n2"));
            s.append(entries(1, 5, 1));
            s.append(entries(4, 6, 3)); // overwrites 4 and 5
            s.sync();
        }
        try (FileStorage s = open()) {
            PersistentState p = s.load();
            assertEquals(new HardState(3, "n2"), p.hardState());
            List<LogEntry> expected = new ArrayList<>(entries(1, 3, 1));
            expected.addAll(entries(4, 6, 3));
            assertEquals(expected, p.entries());
            assertEquals(Optional.empty(), p.snapshot());
        }
    }

    /** A power cut after a sync keeps what was synced; an unsynced append torn halfway is cut away. */
    @Test
    void aPowerCutKeepsWhatWasSyncedAndCutsTheTornRest() throws IOException {
        long synced;
        try (FileStorage s = open()) {
            s.append(entries(1, 4, 1));
            s.sync();
            synced = s.logSyncedLength();
            s.append(entries(5, 9, 1)); // written, never synced
            assertTrue(s.logFileLength() > synced);
        }
        // the disk kept the synced part and half of the rest
        long full = Files.size(dir.resolve("log"));
        truncate(dir.resolve("log"), synced + (full - synced) / 2);
        try (FileStorage s = open()) {
            List<LogEntry> got = s.load().entries();
            assertTrue(got.size() >= 4 && got.size() < 9, "a prefix survives: " + got.size());
            assertEquals(entries(1, got.size(), 1), got, "exactly the records that were whole");
        }
    }

    @Test
    void aTornLastRecordIsCutOnStartupAndTheLogGoesOn() throws IOException {
        try (FileStorage s = open()) {
            s.append(entries(1, 3, 1));
            s.sync();
        }
        Path log = dir.resolve("log");
        long size = Files.size(log);
        truncate(log, size - 5);
        try (FileStorage s = open()) {
            assertEquals(entries(1, 2, 1), s.load().entries());
            assertTrue(Files.size(log) < size - 5, "the torn record is cut from the file");
            s.append(entries(3, 4, 2));
            s.sync();
        }
        try (FileStorage s = open()) {
            List<LogEntry> expected = new ArrayList<>(entries(1, 2, 1));
            expected.addAll(entries(3, 4, 2));
            assertEquals(expected, s.load().entries());
        }
    }

    @Test
    void aFlippedByteStopsTheLogAtThatRecord() throws IOException {
        long third;
        try (FileStorage s = open()) {
            s.append(entries(1, 2, 1));
            third = s.logFileLength();
            s.append(entries(3, 5, 1));
            s.sync();
        }
        flipByte(dir.resolve("log"), third + LogFile.RECORD_HEADER + 12); // inside entry 3's payload
        try (FileStorage s = open()) {
            assertEquals(entries(1, 2, 1), s.load().entries(), "entry 3 and what follows are never used");
        }
        assertEquals(third, Files.size(dir.resolve("log")));
    }

    @Test
    void aDamagedRecordLengthIsNotFollowed() throws IOException {
        long second;
        try (FileStorage s = open()) {
            s.append(entries(1, 1, 1));
            second = s.logFileLength();
            s.append(entries(2, 3, 1));
            s.sync();
        }
        try (RandomAccessFile f = new RandomAccessFile(dir.resolve("log").toFile(), "rw")) {
            f.seek(second);
            f.writeInt(Integer.MAX_VALUE); // a length that must not be allocated
        }
        try (FileStorage s = open()) {
            assertEquals(entries(1, 1, 1), s.load().entries());
        }
    }

    /** A crash in the middle of replacing the metadata leaves meta.tmp behind: the old term and vote stand. */
    @Test
    void anUnfinishedMetadataWriteIsDiscarded() throws IOException {
        try (FileStorage s = open()) {
            s.saveHardState(new HardState(4, "n3"));
        }
        byte[] meta = Files.readAllBytes(dir.resolve("meta"));
        Files.write(dir.resolve("meta.tmp"), java.util.Arrays.copyOf(meta, meta.length / 2)); // torn next version
        try (FileStorage s = open()) {
            assertEquals(new HardState(4, "n3"), s.load().hardState());
        }
        assertFalse(Files.exists(dir.resolve("meta.tmp")));
    }

    @Test
    void aDamagedMetadataFileStopsTheNodeWithAReason() throws IOException {
        try (FileStorage s = open()) {
            s.saveHardState(new HardState(4, "n3"));
        }
        truncate(dir.resolve("meta"), Files.size(dir.resolve("meta")) - 3);
        StorageException e = assertThrows(StorageException.class, this::open);
        assertTrue(e.getMessage().contains("meta") && e.getMessage().contains("damaged"), e.getMessage());

        try (FileStorage s = FileStorage.open(dir.resolve("other"), "t")) {
            s.saveHardState(new HardState(4, "n3"));
        }
        flipByte(dir.resolve("other").resolve("meta"), 10);
        e = assertThrows(StorageException.class, () -> FileStorage.open(dir.resolve("other"), "t"));
        assertTrue(e.getMessage().contains("checksum"), e.getMessage());
    }

    @Test
    void appendsBetweenTwoSyncsShareOneFsync() {
        try (FileStorage s = open()) {
            long before = s.fsyncCount();
            for (int i = 1; i <= 5; i++) {
                s.append(entries(i, i, 1));
            }
            s.sync();
            assertEquals(before + 1, s.fsyncCount(), "five appends, one fsync");
            assertEquals(1, s.logSyncCount());
            s.sync();
            assertEquals(before + 1, s.fsyncCount(), "nothing new, no fsync");
        }
    }

    /** At the server: commands proposed in one batch share one fsync of the log. */
    @Test
    void commandsProposedTogetherShareOneFsync() {
        try (FileStorage storage = open()) {
            RaftServer server = RaftServer.start(RaftConfig.of("solo", List.of("solo")), storage, new KvMachine(),
                    m -> { }, new Random(1));
            while (server.role() != Role.LEADER) {
                server.tick();
            }
            server.flush();
            long syncs = storage.logSyncCount();
            List<CompletableFuture<byte[]>> answers = new ArrayList<>();
            for (int i = 1; i <= 10; i++) {
                answers.add(server.propose(1, i, KvMachine.put("k", "v" + i)));
            }
            server.flush();
            assertEquals(syncs + 1, storage.logSyncCount(), "ten commands, one log fsync");
            assertTrue(answers.stream().allMatch(f -> f.isDone() && !f.isCompletedExceptionally()));
        }
    }

    @Test
    void compactionKeepsTheLogFileSmallAndSurvivesARestart() throws IOException {
        FileStorage.Settings settings = new FileStorage.Settings(4096, Fsync.SYSTEM);
        long sizeAfter;
        try (FileStorage s = FileStorage.open(dir, "t", settings)) {
            s.append(entries(1, 1000, 1));
            s.sync();
            long size = Files.size(dir.resolve("log"));
            s.saveSnapshot(new Snapshot(990, 1, "state".getBytes()), false);
            s.compact(980);
            sizeAfter = Files.size(dir.resolve("log"));
            assertTrue(sizeAfter < size / 20, "the log file shrank from " + size + " to " + sizeAfter);
            s.append(entries(1001, 1002, 2));
            s.sync();
        }
        try (FileStorage s = FileStorage.open(dir, "t", settings)) {
            PersistentState p = s.load();
            assertEquals(990, p.snapshot().orElseThrow().index());
            assertEquals(991, p.entries().get(0).index());
            assertEquals(1002, p.entries().get(p.entries().size() - 1).index());
        }
    }

    @Test
    void aSnapshotThatDisagreesWithTheLogReplacesIt() {
        try (FileStorage s = open()) {
            s.append(entries(1, 8, 1));
            s.sync();
            s.saveSnapshot(new Snapshot(5, 2, "s".getBytes()), true);
            s.append(entries(6, 7, 2));
            s.sync();
        }
        try (FileStorage s = open()) {
            assertEquals(entries(6, 7, 2), s.load().entries());
            assertEquals(5, s.load().baseIndex());
        }
    }

    /** The entry at the snapshot came in the same batch and was never written: the log restarts after it. */
    @Test
    void aSnapshotPastTheLogsEndLetsTheLogResumeAfterIt() {
        try (FileStorage s = open()) {
            s.append(entries(1, 8, 1));
            s.sync();
            s.saveSnapshot(new Snapshot(9, 1, "s".getBytes()), false);
            s.compact(9);
            s.append(entries(10, 11, 1));
            s.sync();
        }
        try (FileStorage s = open()) {
            assertEquals(entries(10, 11, 1), s.load().entries());
            assertEquals(9, s.load().baseIndex());
        }
    }

    @Test
    void aFailedFsyncStopsTheServer() {
        Fsync failing = new Fsync() {
            @Override
            public void force(FileChannel channel) throws IOException {
                throw new IOException("EIO");
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                Fsync.SYSTEM.forceDirectory(directory);
            }
        };
        // the log header is forced at creation: create it first with the real fsync
        FileStorage.open(dir, "t").close();
        try (FileStorage storage = FileStorage.open(dir, "t", new FileStorage.Settings(1 << 20, failing))) {
            RaftServer server = RaftServer.start(RaftConfig.of("solo", List.of("solo")), storage, new KvMachine(),
                    m -> { }, new Random(1));
            while (server.role() != Role.LEADER) {
                server.tick();
            }
            assertThrows(StorageException.class, server::flush);
            assertThrows(IllegalStateException.class, server::tick, "a server that cannot persist does nothing more");
        }
    }

    @Test
    void aSecondOpenOfTheSameDirectoryIsRefused() {
        FileStorage first = open();
        try {
            StorageException e = assertThrows(StorageException.class, this::open);
            assertTrue(e.getMessage().contains("in use"), e.getMessage());
        } finally {
            first.close();
        }
        open().close(); // free again once closed
    }

    /** A whole node over files: restart recovers the state from snapshot and log. */
    @Test
    void aServerOnFilesRecoversItsStateAfterARestart() {
        RaftConfig config = RaftConfig.of("solo", List.of("solo")).withSnapshots(7, 2, 1024);
        KvMachine machine = new KvMachine();
        try (FileStorage storage = open()) {
            RaftServer server = RaftServer.start(config, storage, machine, m -> { }, new Random(1));
            while (server.role() != Role.LEADER) {
                server.tick();
            }
            for (int i = 1; i <= 25; i++) {
                server.propose(1, i, KvMachine.incr("n"));
                server.flush();
            }
            assertEquals("25", machine.value("n"));
        }
        KvMachine restored = new KvMachine();
        try (FileStorage storage = open()) {
            assertTrue(storage.load().baseIndex() > 0, "restarts from a snapshot");
            RaftServer server = RaftServer.start(config, storage, restored, m -> { }, new Random(2));
            while (server.role() != Role.LEADER) {
                server.tick();
            }
            server.flush();
            assertEquals("25", restored.value("n"));
            CompletableFuture<byte[]> retry = server.propose(1, 25, KvMachine.incr("n"));
            server.flush();
            assertEquals("25", KvMachine.string(retry.join()), "sessions survived the restart");
        }
    }

    private static void truncate(Path file, long length) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ch.truncate(length);
        }
    }

    private static void flipByte(Path file, long at) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(at);
            int b = f.read();
            f.seek(at);
            f.write(b ^ 0x40);
        }
    }
}
