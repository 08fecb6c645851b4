package io.gearpump.core.checkpoint;

import io.gearpump.core.api.TaskId;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.UUID;
import java.util.zip.CRC32C;

/**
 * One writer's snapshots of one checkpoint in a single file, {@code set-<random>.snaps}: appended
 * under a temporary name without forcing, then sealed (forced once, renamed into place). An executor
 * writing its tasks' snapshots this way waits for one flush of the disk per checkpoint instead of one
 * per task: on a busy machine each flush costs a wake-up of the writer as well as the disk's time.
 *
 * <p>Layout: magic {@code GPSS}, format version, then per snapshot its task (processor, index), the
 * payload's length and CRC-32C, and the payload. Not thread-safe: one writer.
 */
final class SnapshotSetWriter implements AutoCloseable {

    static final int MAGIC = 0x47505353; // "GPSS"
    static final byte VERSION = 1;
    static final int HEADER = 4 + 1;
    static final int ENTRY_HEADER = 4 + 4 + 8 + 4;
    static final String SUFFIX = ".snaps";
    private static final int WRITE_SLICE = 1 << 20;

    private final Path tmp;
    private final Path target;
    private final FileChannel out;
    private boolean sealed;

    /** Opens a new set in {@code dir}, which must exist. */
    SnapshotSetWriter(Path dir) throws IOException {
        String name = "set-" + UUID.randomUUID() + SUFFIX;
        this.target = dir.resolve(name);
        this.tmp = dir.resolve("." + name + ".tmp");
        this.out = FileChannel.open(tmp, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        try {
            writeFully(out, ByteBuffer.allocate(HEADER).putInt(MAGIC).put(VERSION).flip());
        } catch (IOException e) {
            close();
            throw e;
        }
    }

    /** The name the set will have once sealed. */
    Path target() {
        return target;
    }

    /** Appends {@code task}'s snapshot: the first {@code length} bytes of {@code buffer}. */
    void append(TaskId task, byte[] buffer, int length) throws IOException {
        CRC32C crc = new CRC32C();
        crc.update(buffer, 0, length);
        writeFully(out, ByteBuffer.allocate(ENTRY_HEADER).putInt(task.processorId()).putInt(task.index()).putLong(length)
                .putInt((int) crc.getValue()).flip());
        writeSlices(out, buffer, length);
    }

    /** Forces the set to the disk and renames it into place; durable once its directory is forced too. */
    void seal() throws IOException {
        out.force(true);
        out.close();
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
        sealed = true;
    }

    /** Discards the set unless it was sealed. */
    @Override
    public void close() {
        if (sealed) {
            return;
        }
        try {
            out.close();
        } catch (IOException e) {
            // discarding it anyway
        }
        try {
            Files.deleteIfExists(tmp);
        } catch (IOException e) {
            // a stray temporary file: readers ignore it, deleting the checkpoint removes it
        }
    }

    static void writeFully(FileChannel out, ByteBuffer bytes) throws IOException {
        while (bytes.hasRemaining()) {
            out.write(bytes);
        }
    }

    /**
     * Writes the first {@code length} bytes of {@code bytes} in slices: the JDK copies a heap buffer
     * into a temporary direct one of the same size per write.
     */
    static void writeSlices(FileChannel out, byte[] bytes, int length) throws IOException {
        for (int at = 0; at < length; at += WRITE_SLICE) {
            writeFully(out, ByteBuffer.wrap(bytes, at, Math.min(WRITE_SLICE, length - at)));
        }
    }
}
