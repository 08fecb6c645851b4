package io.gearpump.core.checkpoint;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Checkpoints as files in {@code <root>/app-<A>/chk-<N>/}. A snapshot written alone ({@link #write})
 * is a file {@code task-<P>-<I>.snap}: a header (magic {@code GPCK}, format version, payload length,
 * CRC-32C of the payload) and the payload. Snapshots written unsynced by one writer for one checkpoint
 * go into one snapshot set ({@link SnapshotSetWriter}) that {@link #sync} seals. Either way a write goes
 * to a temporary name, is forced to the disk, renamed into place and the directory forced too, so
 * after a crash a snapshot is either whole or absent. A read checks the magic, the lengths and the
 * checksum and names the file when any is wrong.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final int MAGIC = 0x4750434B; // "GPCK"
    private static final byte VERSION = 1;
    private static final int HEADER = 4 + 1 + 8 + 4;

    /** The set being written for one checkpoint. */
    private record OpenSet(long checkpointId, SnapshotSetWriter writer) {
    }

    private final Path root;
    private final SnapshotSets sets = new SnapshotSets();
    private final Map<Integer, OpenSet> open = new HashMap<>(); // by application; guarded by this

    public FileCheckpointStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public void write(SnapshotKey key, byte[] snapshot, int length) {
        writeFile(key, snapshot, length);
    }

    /**
     * Appended to this store's snapshot set for the checkpoint, readable and durable once {@link #sync}
     * sealed it. A set still open for an older checkpoint of the application is discarded: a writer
     * moves to a newer checkpoint only when the older one is over.
     */
    @Override
    public synchronized void writeUnsynced(SnapshotKey key, byte[] snapshot, int length) {
        OpenSet set = open.get(key.appId());
        if (set != null && set.checkpointId() != key.checkpointId()) {
            discard(key.appId());
            set = null;
        }
        Path dir = checkpointDir(key.appId(), key.checkpointId());
        try {
            if (set == null) {
                createDurably(dir);
                set = new OpenSet(key.checkpointId(), new SnapshotSetWriter(dir));
                open.put(key.appId(), set);
            }
            set.writer().append(key.task(), snapshot, length);
        } catch (IOException e) {
            discard(key.appId());
            throw new CheckpointException("cannot write the snapshot of " + key + " to " + (set == null ? dir : set.writer().target())
                    + ": " + describe(e), e);
        }
    }

    /** Seals this store's snapshot set of the checkpoint, if it has one, and forces the checkpoint's directory. */
    @Override
    public synchronized void sync(int appId, long checkpointId) {
        Path dir = checkpointDir(appId, checkpointId);
        OpenSet set = open.get(appId);
        if (set != null && set.checkpointId() == checkpointId) {
            try {
                set.writer().seal();
            } catch (IOException e) {
                throw new CheckpointException("cannot write the snapshot set " + set.writer().target() + ": " + describe(e), e);
            } finally {
                discard(appId);
            }
        }
        try {
            force(dir);
        } catch (IOException e) {
            throw new CheckpointException("cannot force " + dir + " to the disk: " + describe(e), e);
        }
    }

    /** Discards the snapshot sets written and not synced. */
    @Override
    public synchronized void close() {
        for (int appId : List.copyOf(open.keySet())) {
            discard(appId);
        }
    }

    private void discard(int appId) {
        OpenSet set = open.remove(appId);
        if (set != null) {
            set.writer().close();
        }
    }

    private void writeFile(SnapshotKey key, byte[] snapshot, int length) {
        Path file = file(key);
        Path dir = file.getParent();
        Path tmp = dir.resolve("." + file.getFileName() + "." + UUID.randomUUID() + ".tmp");
        try {
            createDurably(dir);
            CRC32C crc = new CRC32C();
            crc.update(snapshot, 0, length);
            ByteBuffer header = ByteBuffer.allocate(HEADER).putInt(MAGIC).put(VERSION).putLong(length)
                    .putInt((int) crc.getValue()).flip();
            try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                SnapshotSetWriter.writeFully(out, header);
                SnapshotSetWriter.writeSlices(out, snapshot, length);
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            force(dir);
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CheckpointException("cannot write the snapshot of " + key + " to " + file + ": " + describe(e), e);
        }
    }

    @Override
    public byte[] read(SnapshotKey key) {
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            return readFromSets(key, file);
        } catch (IOException e) {
            throw new CheckpointException("cannot read the snapshot of " + key + " from " + file + ": " + describe(e), e);
        }
        ByteBuffer b = ByteBuffer.wrap(bytes);
        if (bytes.length < HEADER || b.getInt() != MAGIC) {
            throw corrupt(key, file, "it is not a snapshot file (" + bytes.length + " bytes, no GPCK header)");
        }
        byte version = b.get();
        if (version != VERSION) {
            throw corrupt(key, file, "unknown format version " + version);
        }
        long length = b.getLong();
        int expectedCrc = b.getInt();
        if (length != bytes.length - HEADER) {
            throw corrupt(key, file, "it holds " + (bytes.length - HEADER) + " bytes of a " + length + "-byte snapshot");
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes, HEADER, bytes.length - HEADER);
        if ((int) crc.getValue() != expectedCrc) {
            throw corrupt(key, file, "its checksum does not match its contents");
        }
        return java.util.Arrays.copyOfRange(bytes, HEADER, bytes.length);
    }

    private byte[] readFromSets(SnapshotKey key, Path file) {
        Path dir = file.getParent();
        SnapshotSets.Located at = sets.locate(dir, key.task(), key);
        if (at == null) {
            throw new CheckpointException("the snapshot of " + key + " is missing: no file " + file + " and none in the snapshot sets ("
                    + SnapshotSetWriter.SUFFIX + ") of " + dir);
        }
        return sets.read(at, key);
    }

    @Override
    public List<Long> checkpoints(int appId) {
        Path app = root.resolve("app-" + appId);
        List<Long> ids = new ArrayList<>();
        if (!Files.isDirectory(app)) {
            return ids;
        }
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(app, "chk-*")) {
            for (Path d : dirs) {
                try {
                    ids.add(Long.parseLong(d.getFileName().toString().substring(4)));
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot list the checkpoints of app " + appId + " in " + app + ": " + describe(e), e);
        }
        ids.sort(Comparator.naturalOrder());
        return ids;
    }

    @Override
    public void delete(int appId, long checkpointId) {
        Path dir = checkpointDir(appId, checkpointId);
        sets.forget(dir);
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot delete checkpoint " + checkpointId + " of app " + appId + " in " + dir
                    + ": " + describe(e), e);
        }
    }

    @Override
    public String location(int appId, long checkpointId) {
        return checkpointDir(appId, checkpointId).toString();
    }

    private Path checkpointDir(int appId, long checkpointId) {
        return root.resolve("app-" + appId).resolve("chk-" + checkpointId);
    }

    private Path file(SnapshotKey key) {
        return checkpointDir(key.appId(), key.checkpointId())
                .resolve("task-" + key.task().processorId() + "-" + key.task().index() + ".snap");
    }

    /** Creates {@code dir} and its missing parents, forcing each parent so the new entries survive a crash. */
    private static void createDurably(Path dir) throws IOException {
        if (Files.isDirectory(dir)) {
            return;
        }
        createDurably(dir.getParent());
        try {
            Files.createDirectory(dir);
        } catch (java.nio.file.FileAlreadyExistsException e) {
            return; // another task's write made it
        }
        force(dir.getParent());
    }

    private static void force(Path dir) throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    private static void deleteQuietly(Path p) {
        try {
            Files.deleteIfExists(p);
        } catch (IOException e) {
            // the write failed already; that is the error to report
        }
    }

    static CheckpointException corrupt(SnapshotKey key, Path file, String why) {
        return new CheckpointException("the snapshot of " + key + " in " + file + " is corrupt: " + why);
    }

    static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
