package io.gearpump.core.checkpoint;

import io.gearpump.core.api.TaskId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.zip.CRC32C;

/**
 * Finds a task's snapshot among the sealed snapshot sets ({@link SnapshotSetWriter}) of a checkpoint's
 * directory: each directory is indexed once (only the entries' headers are read) and the index kept
 * until that checkpoint is deleted or a task is not found in it. A set whose headers do not add up,
 * a task found in two sets, and a snapshot whose checksum does not match are refused naming the file.
 * Thread-safe.
 */
final class SnapshotSets {

    /** Where one snapshot lies in a set. */
    record Located(Path file, long offset, long length, int crc) {
    }

    private final Map<Path, Map<TaskId, Located>> indexes = new ConcurrentHashMap<>();

    /** Where {@code task}'s snapshot lies among the sets in {@code dir}; null when in none. */
    Located locate(Path dir, TaskId task, SnapshotKey key) {
        Located at = indexes.computeIfAbsent(dir, d -> index(d, key)).get(task);
        if (at == null) { // a set sealed since the directory was indexed may hold it
            Map<TaskId, Located> fresh = index(dir, key);
            indexes.put(dir, fresh);
            at = fresh.get(task);
        }
        return at;
    }

    /** The snapshot at {@code at}, checked against its checksum. */
    byte[] read(Located at, SnapshotKey key) {
        if (at.length() > Integer.MAX_VALUE - 64) {
            throw FileCheckpointStore.corrupt(key, at.file(), "its snapshot claims " + at.length() + " bytes");
        }
        byte[] bytes = new byte[(int) at.length()];
        try (FileChannel in = FileChannel.open(at.file(), StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.wrap(bytes);
            while (b.hasRemaining()) {
                if (in.read(b, at.offset() + b.position()) < 0) {
                    throw FileCheckpointStore.corrupt(key, at.file(), "it ends inside the snapshot");
                }
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot read the snapshot of " + key + " from " + at.file() + ": "
                    + FileCheckpointStore.describe(e), e);
        }
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        if ((int) crc.getValue() != at.crc()) {
            throw FileCheckpointStore.corrupt(key, at.file(), "its checksum does not match its contents");
        }
        return bytes;
    }

    /** Forgets the index of {@code dir} (its checkpoint is deleted). */
    void forget(Path dir) {
        indexes.remove(dir);
    }

    private static Map<TaskId, Located> index(Path dir, SnapshotKey key) {
        Map<TaskId, Located> index = new HashMap<>();
        if (!Files.isDirectory(dir)) {
            return index;
        }
        try (DirectoryStream<Path> sets = Files.newDirectoryStream(dir, "set-*" + SnapshotSetWriter.SUFFIX)) {
            for (Path set : sets) {
                indexSet(set, index, key);
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot list the snapshot sets of " + key + " in " + dir + ": "
                    + FileCheckpointStore.describe(e), e);
        }
        return index;
    }

    private static void indexSet(Path set, Map<TaskId, Located> index, SnapshotKey key) {
        try (FileChannel in = FileChannel.open(set, StandardOpenOption.READ)) {
            long size = in.size();
            ByteBuffer header = ByteBuffer.allocate(SnapshotSetWriter.ENTRY_HEADER);
            readAt(in, header.limit(SnapshotSetWriter.HEADER), 0);
            if (header.limit() < SnapshotSetWriter.HEADER || header.getInt() != SnapshotSetWriter.MAGIC) {
                throw damagedSet(key, set, "it is not a snapshot set (" + size + " bytes, no GPSS header)");
            }
            byte version = header.get();
            if (version != SnapshotSetWriter.VERSION) {
                throw damagedSet(key, set, "unknown format version " + version);
            }
            for (long at = SnapshotSetWriter.HEADER; at < size; ) {
                readAt(in, header.clear(), at);
                if (header.limit() < SnapshotSetWriter.ENTRY_HEADER) {
                    throw damagedSet(key, set, "it ends inside the header of the snapshot at byte " + at);
                }
                TaskId task = new TaskId(header.getInt(), header.getInt());
                long length = header.getLong();
                int crc = header.getInt();
                long payload = at + SnapshotSetWriter.ENTRY_HEADER;
                if (length < 0 || payload + length > size) {
                    throw damagedSet(key, set, "the snapshot of task " + task + " at byte " + at + " claims " + length
                            + " bytes, but " + Math.max(0, size - payload) + " follow");
                }
                Located twice = index.put(task, new Located(set, payload, length, crc));
                if (twice != null) {
                    throw new CheckpointException("the checkpoint of " + key + " holds two snapshots of task " + task + ": in "
                            + twice.file() + " and in " + set);
                }
                at = payload + length;
            }
        } catch (IOException e) {
            throw new CheckpointException("cannot read the snapshot set " + set + " of " + key + ": " + FileCheckpointStore.describe(e), e);
        }
    }

    /** Reads into {@code b} from {@code position} until it is full or the file ends; flips it. */
    private static void readAt(FileChannel in, ByteBuffer b, long position) throws IOException {
        while (b.hasRemaining()) {
            if (in.read(b, position + b.position()) < 0) {
                break;
            }
        }
        b.flip();
    }

    /** A set's own damage, found while looking for {@code key}'s snapshot. */
    private static CheckpointException damagedSet(SnapshotKey key, Path set, String why) {
        return new CheckpointException("the snapshot set " + set + " (read for " + key + ") is corrupt: " + why);
    }
}
