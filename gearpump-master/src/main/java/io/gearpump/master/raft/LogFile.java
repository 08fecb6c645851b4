package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The log as one append-only file: a header ({@code int magic, int version}), then one record per
 * entry: {@code int length, int crc32c(payload), payload}, the payload being
 * {@code long index, long term, byte kind, long clientId, long sequence, int size, command}.
 *
 * <p>On open the records are read back and checked; at the first that is torn (cut short), damaged
 * (checksum, impossible length, malformed) or out of place (index not following the previous one,
 * term going back) the file is cut, with a logged reason. Whatever follows a bad record is never
 * used. Appends go to the end in one write per batch; {@link #sync} forces them (group commit).
 * Dropping the head after a snapshot rewrites the file (copy the live records to {@code log.tmp},
 * force, rename, force the directory) once the dead part is large. Confined to one thread.
 */
final class LogFile implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(LogFile.class);

    static final int MAGIC = 0x4750524C; // "GPRL"
    static final int VERSION = 1;
    static final int HEADER = 8;
    static final int RECORD_HEADER = 8;
    private static final int FIXED_PAYLOAD = 8 + 8 + 1 + 8 + 8 + 4;
    static final int MAX_RECORD = 64 << 20;

    private final Path path;
    private final String who;
    private final Fsync fsync;
    private FileChannel channel;
    /** Where each record starts, for the entries firstIndex, firstIndex + 1, ... */
    private final ArrayList<Long> offsets = new ArrayList<>();
    private long firstIndex;
    private long end;
    private long syncedEnd;
    private boolean dirty;

    private LogFile(Path path, String who, Fsync fsync, FileChannel channel) {
        this.path = path;
        this.who = who;
        this.fsync = fsync;
        this.channel = channel;
    }

    /** Opens (or creates) the log and returns it with the entries it holds after recovery. */
    static LogFile open(Path path, String who, Fsync fsync, List<LogEntry> recovered) throws IOException {
        boolean existed = Files.exists(path);
        FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        LogFile log = new LogFile(path, who, fsync, ch);
        if (!existed || ch.size() < HEADER) {
            if (existed) {
                LOG.warn("{}: {} has a torn header ({} bytes); starting it afresh", who, path, ch.size());
            }
            log.writeHeader(ch);
            fsync.forceDirectory(path.getParent());
            log.end = HEADER;
        } else {
            ByteBuffer header = read(ch, 0, HEADER);
            int magic = header.getInt();
            int version = header.getInt();
            if (magic != MAGIC || version != VERSION) {
                ch.close();
                throw new StorageException(path + " is not a raft log of version " + VERSION + " (magic "
                        + Integer.toHexString(magic) + ", version " + version + ")");
            }
            log.recover(recovered);
        }
        log.syncedEnd = log.end;
        return log;
    }

    private void writeHeader(FileChannel ch) throws IOException {
        ch.truncate(0);
        writeFully(ch, ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).flip(), 0);
        fsync.force(ch);
    }

    private void recover(List<LogEntry> out) throws IOException {
        long size = channel.size();
        long pos = HEADER;
        long lastTerm = 0;
        String damage = null;
        while (pos < size && damage == null) {
            if (size - pos < RECORD_HEADER) {
                damage = "a torn record header (" + (size - pos) + " bytes)";
                break;
            }
            ByteBuffer header = read(channel, pos, RECORD_HEADER);
            int length = header.getInt();
            int crc = header.getInt();
            if (length < FIXED_PAYLOAD || length > MAX_RECORD) {
                damage = "an impossible record length " + length;
            } else if (pos + RECORD_HEADER + length > size) {
                damage = "a torn record (" + length + " bytes claimed, " + (size - pos - RECORD_HEADER) + " there)";
            } else {
                ByteBuffer payload = read(channel, pos + RECORD_HEADER, length);
                CRC32C check = new CRC32C();
                check.update(payload.array(), 0, length);
                LogEntry e = (int) check.getValue() != crc ? null : decode(payload);
                if (e == null) {
                    damage = (int) check.getValue() != crc ? "a checksum mismatch" : "a malformed record";
                } else if (!out.isEmpty() && e.index() != out.get(out.size() - 1).index() + 1) {
                    damage = "entry " + e.index() + " after entry " + out.get(out.size() - 1).index();
                } else if (e.term() < lastTerm) {
                    damage = "entry " + e.index() + " of term " + e.term() + " after term " + lastTerm;
                } else {
                    if (out.isEmpty()) {
                        firstIndex = e.index();
                    }
                    out.add(e);
                    offsets.add(pos);
                    lastTerm = e.term();
                    pos += RECORD_HEADER + length;
                }
            }
        }
        end = pos;
        if (damage != null) {
            LOG.warn("{}: {} has {} at offset {}; cutting the log there ({} bytes dropped, {} entries kept{})", who,
                    path, damage, pos, size - pos, out.size(),
                    out.isEmpty() ? "" : ", the last " + out.get(out.size() - 1).index());
            channel.truncate(pos);
            fsync.force(channel);
        }
    }

    private static LogEntry decode(ByteBuffer p) {
        long index = p.getLong();
        long term = p.getLong();
        byte kind = p.get();
        long clientId = p.getLong();
        long sequence = p.getLong();
        int size = p.getInt();
        if (size != p.remaining() || index < 1 || term < 1 || kind < 0 || kind >= LogEntry.Kind.values().length) {
            return null;
        }
        byte[] command = new byte[size];
        p.get(command);
        return new LogEntry(index, term, LogEntry.Kind.values()[kind], clientId, sequence, command);
    }

    long lastIndex() {
        return offsets.isEmpty() ? 0 : firstIndex + offsets.size() - 1;
    }

    /** Appends entries, first cutting the file at the first one's index when it already holds that index. */
    void append(List<LogEntry> entries) throws IOException {
        if (entries.isEmpty()) {
            return;
        }
        long first = entries.get(0).index();
        if (!offsets.isEmpty()) {
            if (first > lastIndex() + 1) {
                throw new IllegalArgumentException(who + ": appending entry " + first + " after " + lastIndex()
                        + " would leave a gap");
            }
            if (first <= lastIndex()) {
                cutFrom(first);
            }
        }
        if (offsets.isEmpty()) {
            firstIndex = first;
        }
        int bytes = 0;
        for (LogEntry e : entries) {
            bytes += RECORD_HEADER + FIXED_PAYLOAD + e.command().length;
        }
        ByteBuffer buf = ByteBuffer.allocate(bytes);
        for (LogEntry e : entries) {
            offsets.add(end + buf.position());
            int start = buf.position();
            buf.position(start + RECORD_HEADER);
            buf.putLong(e.index()).putLong(e.term()).put((byte) e.kind().ordinal()).putLong(e.clientId())
                    .putLong(e.sequence()).putInt(e.command().length).put(e.command());
            int length = buf.position() - start - RECORD_HEADER;
            CRC32C crc = new CRC32C();
            crc.update(buf.array(), start + RECORD_HEADER, length);
            buf.putInt(start, length).putInt(start + 4, (int) crc.getValue());
        }
        buf.flip();
        writeFully(channel, buf, end);
        end += bytes;
        dirty = true;
    }

    private void cutFrom(long index) throws IOException {
        long at = index <= firstIndex ? HEADER : offsets.get((int) (index - firstIndex));
        int keep = (int) Math.max(0, index - firstIndex);
        offsets.subList(keep, offsets.size()).clear();
        channel.truncate(at);
        end = at;
        syncedEnd = Math.min(syncedEnd, at);
        dirty = true;
    }

    /** Drops every entry (the log disagreed with a snapshot); the next append may start anywhere. */
    void clear() throws IOException {
        cutFrom(firstIndex);
    }

    /**
     * Entries up to {@code index} are no longer needed. When that is all of them the file is cut to
     * its header; otherwise it is rewritten without them once the dead bytes pass
     * {@code rewriteBytes} and outweigh the live ones.
     */
    void compact(long index, long rewriteBytes) throws IOException {
        if (offsets.isEmpty() || index < firstIndex) {
            return;
        }
        if (index >= lastIndex()) {
            clear();
            return;
        }
        long liveStart = offsets.get((int) (index + 1 - firstIndex));
        long dead = liveStart - HEADER;
        if (dead >= rewriteBytes && dead >= end - liveStart) {
            rewriteFrom(index + 1, liveStart);
        }
    }

    private void rewriteFrom(long index, long liveStart) throws IOException {
        sync();
        Path tmp = path.resolveSibling(path.getFileName() + ".tmp");
        try (FileChannel out = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            writeFully(out, ByteBuffer.allocate(HEADER).putInt(MAGIC).putInt(VERSION).flip(), 0);
            long copied = 0;
            while (copied < end - liveStart) {
                copied += channel.transferTo(liveStart + copied, end - liveStart - copied, out.position(HEADER + copied));
            }
            fsync.force(out);
        }
        Files.move(tmp, path, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        fsync.forceDirectory(path.getParent());
        channel.close();
        channel = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        long shift = liveStart - HEADER;
        offsets.subList(0, (int) (index - firstIndex)).clear();
        offsets.replaceAll(o -> o - shift);
        firstIndex = index;
        end -= shift;
        syncedEnd = end;
        LOG.debug("{}: rewrote {} from entry {} ({} bytes dropped)", who, path, index, shift);
    }

    /** Forces everything appended so far; does nothing when nothing was. Returns whether it forced. */
    boolean sync() throws IOException {
        if (!dirty) {
            return false;
        }
        fsync.force(channel);
        dirty = false;
        syncedEnd = end;
        return true;
    }

    /** The file's length as of the last sync (what a power cut keeps at least). */
    long syncedLength() {
        return syncedEnd;
    }

    long length() {
        return end;
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    private static ByteBuffer read(FileChannel ch, long at, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length);
        while (buf.hasRemaining()) {
            if (ch.read(buf, at + buf.position()) < 0) {
                throw new IOException("unexpected end of file at " + (at + buf.position()));
            }
        }
        return buf.flip();
    }

    private static void writeFully(FileChannel ch, ByteBuffer buf, long at) throws IOException {
        long pos = at;
        while (buf.hasRemaining()) {
            pos += ch.write(buf, pos);
        }
    }
}
