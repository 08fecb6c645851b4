package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;

/**
 * A small file replaced as a whole, atomically: written to {@code name.tmp}, forced, renamed over
 * {@code name}, and the directory forced, so after a crash the file is either the old version or the
 * new one, never a mix. Layout: {@code int magic, int length, payload, int crc32c} (the checksum covers
 * everything before it), so a damaged file is recognised instead of misread. Used for the term and
 * vote and for snapshots.
 */
final class CheckedFile {

    private static final Logger LOG = LoggerFactory.getLogger(CheckedFile.class);
    private static final int OVERHEAD = 12;

    private CheckedFile() {
    }

    static void write(Path target, int magic, byte[] payload, Fsync fsync) throws IOException {
        Path tmp = tmpOf(target);
        ByteBuffer buf = ByteBuffer.allocate(payload.length + OVERHEAD);
        buf.putInt(magic).putInt(payload.length).put(payload);
        CRC32C crc = new CRC32C();
        crc.update(buf.array(), 0, buf.position());
        buf.putInt((int) crc.getValue()).flip();
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            while (buf.hasRemaining()) {
                ch.write(buf);
            }
            fsync.force(ch);
        }
        Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync.forceDirectory(target.getParent());
    }

    /** The payload, or null when the file does not exist; a damaged file is a {@link StorageException}. */
    static byte[] read(Path target, int magic) throws IOException {
        byte[] all;
        try {
            all = Files.readAllBytes(target);
        } catch (NoSuchFileException e) {
            return null;
        }
        String damage = null;
        ByteBuffer buf = ByteBuffer.wrap(all);
        if (all.length < OVERHEAD) {
            damage = "only " + all.length + " bytes";
        } else if (buf.getInt() != magic) {
            damage = "not the expected kind of file (bad magic number)";
        } else {
            int length = buf.getInt();
            if (length < 0 || length != all.length - OVERHEAD) {
                damage = "it claims " + length + " bytes of content but holds " + (all.length - OVERHEAD);
            } else {
                CRC32C crc = new CRC32C();
                crc.update(all, 0, all.length - 4);
                if ((int) crc.getValue() != ByteBuffer.wrap(all, all.length - 4, 4).getInt()) {
                    damage = "checksum mismatch";
                } else {
                    byte[] payload = new byte[length];
                    System.arraycopy(all, 8, payload, 0, length);
                    return payload;
                }
            }
        }
        throw new StorageException(target + " is damaged (" + damage + "). It is replaced atomically, so this is "
                + "not a torn write but a disk or file-system fault; this node cannot trust what it promised. "
                + "Restore the directory from a backup, or remove it so the node rejoins empty (only if a "
                + "majority of the other nodes is intact).");
    }

    /** Removes what a crash in the middle of {@link #write} left behind. */
    static void discardUnfinished(Path target, String who) throws IOException {
        if (Files.deleteIfExists(tmpOf(target))) {
            LOG.warn("{}: discarded {}, an unfinished write interrupted by a crash; {} stays as it was", who,
                    tmpOf(target), target.getFileName());
        }
    }

    private static Path tmpOf(Path target) {
        return target.resolveSibling(target.getFileName() + ".tmp");
    }
}
