package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A node's storage in one directory:
 * <ul>
 * <li>{@code meta}: term and vote, replaced atomically ({@link CheckedFile}) and durable when
 *     {@link #saveHardState} returns;</li>
 * <li>{@code snapshot}: the latest snapshot, replaced the same way, durable when {@link #saveSnapshot}
 *     returns;</li>
 * <li>{@code log}: the entries after it ({@link LogFile}), durable at {@link #sync()}: appends made
 *     between two syncs share one fsync (group commit);</li>
 * <li>{@code lock}: held while open, so two processes never share the directory.</li>
 * </ul>
 * Before writing {@code meta} or {@code snapshot} the log is synced, so a crash keeps the writes in
 * order as {@link RaftStorage} requires. On open, leftovers of interrupted writes are removed and the
 * log is cut at its first bad record (logged); a damaged {@code meta} or {@code snapshot} stops the
 * open with a {@link StorageException} that says what to do, since they cannot be torn by a crash.
 *
 * <p>Not thread-safe: confined to the node's thread.
 */
public final class FileStorage implements RaftStorage {

    private static final Logger LOG = LoggerFactory.getLogger(FileStorage.class);
    private static final int META_MAGIC = 0x4750524D; // "GPRM"
    private static final int SNAPSHOT_MAGIC = 0x47505253; // "GPRS"

    /**
     * @param rewriteLogBytes rewrite the log without its compacted head once that head is this large
     *                        (and larger than the rest)
     * @param fsync           how bytes are forced to disk
     */
    public record Settings(long rewriteLogBytes, Fsync fsync) {
        public static final Settings DEFAULT = new Settings(8 << 20, Fsync.SYSTEM);
    }

    private final Path dir;
    private final String who;
    private final Settings settings;
    private final Fsync fsync;
    private final AtomicLong fsyncs = new AtomicLong();
    private final FileChannel lockChannel;
    private final FileLock lock;
    private LogFile log;
    private PersistentState loaded;
    private long logSyncs;

    private FileStorage(Path dir, String who, Settings settings, FileChannel lockChannel, FileLock lock) {
        this.dir = dir;
        this.who = who;
        this.settings = settings;
        this.lockChannel = lockChannel;
        this.lock = lock;
        Fsync real = settings.fsync();
        this.fsync = new Fsync() {
            @Override
            public void force(FileChannel channel) throws IOException {
                fsyncs.incrementAndGet();
                real.force(channel);
            }

            @Override
            public void forceDirectory(Path directory) throws IOException {
                fsyncs.incrementAndGet();
                real.forceDirectory(directory);
            }
        };
    }

    public static FileStorage open(Path dir, String who) {
        return open(dir, who, Settings.DEFAULT);
    }

    /** Opens (creating if needed) the storage in {@code dir}; {@code who} prefixes its log lines. */
    public static FileStorage open(Path dir, String who, Settings settings) {
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(dir);
            lockChannel = FileChannel.open(dir.resolve("lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null; // held by this JVM
            }
            if (lock == null) {
                throw new StorageException(dir + " is in use by another process; a raft directory belongs to one node");
            }
            FileStorage s = new FileStorage(dir, who, settings, lockChannel, lock);
            s.recover();
            return s;
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new StorageException(who + ": cannot open raft storage in " + dir + ": " + e, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    private void recover() throws IOException {
        CheckedFile.discardUnfinished(meta(), who);
        CheckedFile.discardUnfinished(snapshotFile(), who);
        CheckedFile.discardUnfinished(logFile(), who);
        byte[] metaBytes = CheckedFile.read(meta(), META_MAGIC);
        HardState hardState = metaBytes == null ? HardState.INITIAL : decodeHardState(metaBytes);
        byte[] snapshotBytes = CheckedFile.read(snapshotFile(), SNAPSHOT_MAGIC);
        Snapshot snapshot = snapshotBytes == null ? null : decodeSnapshot(snapshotBytes);
        List<LogEntry> entries = new ArrayList<>();
        log = LogFile.open(logFile(), who, fsync, entries);
        loaded = PersistentState.reconcile(who, hardState, snapshot, entries);
        LOG.info("{}: opened {}: term {}, vote {}, snapshot {}, {} log entries", who, dir, hardState.term(),
                hardState.votedFor(), snapshot, loaded.entries().size());
    }

    @Override
    public PersistentState load() {
        return loaded;
    }

    @Override
    public void saveHardState(HardState state) {
        io(() -> {
            syncLog();
            byte[] vote = state.votedFor() == null ? new byte[0] : state.votedFor().getBytes(StandardCharsets.UTF_8);
            CheckedFile.write(meta(), META_MAGIC,
                    ByteBuffer.allocate(12 + vote.length).putLong(state.term()).putInt(vote.length).put(vote).array(),
                    fsync);
        });
    }

    @Override
    public void append(List<LogEntry> entries) {
        io(() -> log.append(entries));
    }

    @Override
    public void saveSnapshot(Snapshot snapshot, boolean discardLog) {
        io(() -> {
            syncLog();
            ByteBuffer b = ByteBuffer.allocate(16 + snapshot.data().length);
            b.putLong(snapshot.index()).putLong(snapshot.term()).put(snapshot.data());
            CheckedFile.write(snapshotFile(), SNAPSHOT_MAGIC, b.array(), fsync);
            if (discardLog) {
                log.clear();
            }
        });
    }

    @Override
    public void compact(long index) {
        io(() -> log.compact(index, settings.rewriteLogBytes()));
    }

    @Override
    public void sync() {
        io(this::syncLog);
    }

    private void syncLog() throws IOException {
        if (log.sync()) {
            logSyncs++;
        }
    }

    /** Every fsync so far (log, meta, snapshot, directories). */
    public long fsyncCount() {
        return fsyncs.get();
    }

    /** Fsyncs of the log made by {@link #sync()} and before meta/snapshot writes. */
    public long logSyncCount() {
        return logSyncs;
    }

    long logFileLength() {
        return log.length();
    }

    long logSyncedLength() {
        return log.syncedLength();
    }

    Path directory() {
        return dir;
    }

    @Override
    public void close() {
        try {
            log.close();
            lock.release();
        } catch (IOException e) {
            LOG.warn("{}: closing {}: {}", who, dir, e.toString());
        } finally {
            closeQuietly(lockChannel);
        }
    }

    private Path meta() {
        return dir.resolve("meta");
    }

    private Path snapshotFile() {
        return dir.resolve("snapshot");
    }

    private Path logFile() {
        return dir.resolve("log");
    }

    private HardState decodeHardState(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long term = b.getLong();
        int length = b.getInt();
        if (length < 0 || length != b.remaining()) {
            throw new StorageException(meta() + " holds a malformed vote");
        }
        byte[] vote = new byte[length];
        b.get(vote);
        return new HardState(term, length == 0 ? null : new String(vote, StandardCharsets.UTF_8));
    }

    private Snapshot decodeSnapshot(byte[] bytes) {
        ByteBuffer b = ByteBuffer.wrap(bytes);
        long index = b.getLong();
        long term = b.getLong();
        byte[] data = new byte[b.remaining()];
        b.get(data);
        return new Snapshot(index, term, data);
    }

    private interface IoAction {
        void run() throws IOException;
    }

    private void io(IoAction action) {
        try {
            action.run();
        } catch (IOException | UncheckedIOException e) {
            throw new StorageException(who + ": raft storage in " + dir + " failed: " + e, e);
        }
    }

    private static void closeQuietly(FileChannel ch) {
        if (ch != null) {
            try {
                ch.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    @Override
    public String toString() {
        return who + "@" + dir;
    }
}
