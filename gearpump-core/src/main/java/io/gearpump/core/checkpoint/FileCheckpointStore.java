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
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * Checkpoints as files: {@code <root>/app-<A>/chk-<N>/task-<P>-<I>.snap}. Each file is a header
 * (magic {@code GPCK}, format version, payload length, CRC-32C of the payload) and the payload. A
 * write goes to a temporary name, is forced to the disk, renamed into place and the directory forced
 * too, so after a crash a snapshot is either whole or absent. A read checks the magic, the length and
 * the checksum and names the file when any is wrong.
 */
public final class FileCheckpointStore implements CheckpointStore {

    private static final int MAGIC = 0x4750434B; // "GPCK"
    private static final byte VERSION = 1;
    private static final int HEADER = 4 + 1 + 8 + 4;
    private static final int WRITE_SLICE = 1 << 20;

    private final Path root;

    public FileCheckpointStore(Path root) {
        this.root = root.toAbsolutePath();
    }

    @Override
    public void write(SnapshotKey key, byte[] snapshot, int length) {
        writeFile(key, snapshot, length, true);
    }

    /** Forced and renamed, but the rename is durable only once {@link #sync} forces the directory. */
    @Override
    public void writeUnsynced(SnapshotKey key, byte[] snapshot, int length) {
        writeFile(key, snapshot, length, false);
    }

    @Override
    public void sync(int appId, long checkpointId) {
        Path dir = checkpointDir(appId, checkpointId);
        try {
            force(dir);
        } catch (IOException e) {
            throw new CheckpointException("cannot force " + dir + " to the disk: " + describe(e), e);
        }
    }

    private void writeFile(SnapshotKey key, byte[] snapshot, int length, boolean forceDir) {
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
                writeFully(out, header);
                // in slices: the JDK copies a heap buffer into a temporary direct one of the same size per write
                for (int at = 0; at < length; at += WRITE_SLICE) {
                    writeFully(out, ByteBuffer.wrap(snapshot, at, Math.min(WRITE_SLICE, length - at)));
                }
                out.force(true);
            }
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            if (forceDir) {
                force(dir);
            }
        } catch (IOException e) {
            deleteQuietly(tmp);
            throw new CheckpointException("cannot write the snapshot of " + key + " to " + file + ": " + describe(e), e);
        }
    }

    private static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    @Override
    public byte[] read(SnapshotKey key) {
        Path file = file(key);
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new CheckpointException("the snapshot of " + key + " is missing: no file " + file);
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

    private static CheckpointException corrupt(SnapshotKey key, Path file, String why) {
        return new CheckpointException("the snapshot of " + key + " in " + file + " is corrupt: " + why);
    }

    private static String describe(IOException e) {
        return e.getMessage() == null ? e.getClass().getSimpleName() : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
