package io.gearpump.worker.executor;

import io.gearpump.core.checkpoint.CheckpointStore;
import io.gearpump.core.checkpoint.SnapshotKey;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.core.state.SnapshotFormat;
import io.gearpump.core.state.StateSnapshot;
import io.gearpump.core.state.TaskSnapshot;
import io.gearpump.core.task.CheckpointListener;
import io.gearpump.core.task.TaskRunner;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An executor's end of one attempt's checkpoints: a task's own snapshot is encoded on the task's own
 * thread (the registered wire types; the encoding is the copy, so the task may go on changing its
 * fields); its managed state, frozen copy-on-write, is encoded by this writer's thread, which also
 * writes the snapshot to the store, so no task waits for a disk or for the encoding of a large state.
 * Every task writes a snapshot, so a restart can tell a missing one from a task without state. When
 * every task of this executor has its snapshot of a checkpoint written, the AppMaster is told; a
 * snapshot that cannot be encoded or written is told as that checkpoint's failure, naming the task
 * and why.
 */
final class SnapshotWriter implements CheckpointListener, AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(SnapshotWriter.class);
    private static final int MAX_SNAPSHOT_BYTES = Integer.MAX_VALUE - 64;
    private static final long SLOW_SNAPSHOT_NANOS = 1_000_000_000L; // worth a line in the log

    private record Pending(SnapshotKey key, String task, byte[] custom, StateSnapshot managed, String failure) {
    }

    private final int executorId;
    private final int appId;
    private final int attempt;
    private final int tasks;
    private final CheckpointStore store;
    private final ThreadLocal<WireCodec> codecs;
    private final Consumer<CheckpointTaken> toAppMaster;
    private final LinkedBlockingQueue<Pending> queue = new LinkedBlockingQueue<>();
    private final Thread writer;
    private volatile boolean closed; // the attempt ended: nothing more is written
    // writer thread only:
    private final Map<Long, long[]> progress = new HashMap<>(); // checkpoint -> {snapshots done, bytes}
    private final Map<Long, Boolean> failed = new HashMap<>();

    /**
     * @param tasks how many tasks run here: a checkpoint is taken here once that many snapshots are
     * @param toAppMaster sends the news (from the writer's thread)
     */
    SnapshotWriter(int executorId, int appId, int attempt, int tasks, CheckpointStore store, WireRegistry registry,
                   Consumer<CheckpointTaken> toAppMaster) {
        this.executorId = executorId;
        this.appId = appId;
        this.attempt = attempt;
        this.tasks = tasks;
        this.store = store;
        this.codecs = WireCodec.forCurrentThread(registry, MAX_SNAPSHOT_BYTES);
        this.toAppMaster = toAppMaster;
        // a platform thread: encoding a large state is seconds of CPU, which on a virtual thread would hold a carrier
        // that the tasks and the heartbeats of this JVM need
        this.writer = Thread.ofPlatform().daemon().name("snapshot-writer-" + appId + "-" + attempt).start(this::writeLoop);
    }

    @Override
    public void snapshotted(TaskRunner task, long checkpointId, TaskSnapshot snapshot) {
        if (closed) {
            return;
        }
        SnapshotKey key = new SnapshotKey(appId, checkpointId, task.spec().taskId()); // the engine runs the attempt under its number
        byte[] custom = null;
        if (snapshot.hasCustom()) {
            Object own = snapshot.custom();
            try {
                custom = codecs.get().encode(own);
            } catch (RuntimeException e) {
                queue.add(new Pending(key, task.toString(), null, null, task + "'s snapshot (a "
                        + (own == null ? "null" : own.getClass().getName()) + ") cannot be encoded: " + e.getMessage()));
                return;
            }
        }
        queue.add(new Pending(key, task.toString(), custom, snapshot.managed(), null));
    }

    @Override
    public void failed(TaskRunner task, long checkpointId, String why) {
        if (closed) {
            return;
        }
        queue.add(new Pending(new SnapshotKey(appId, checkpointId, task.spec().taskId()), task.toString(), null, null, why));
    }

    private void writeLoop() {
        try {
            while (!closed) {
                Pending p = queue.take();
                if (!closed) {
                    write(p);
                }
            }
        } catch (InterruptedException e) {
            // closed: the attempt ended
        } finally {
            store.close(); // what was written for a checkpoint that can no longer complete goes
        }
    }

    private void write(Pending p) {
        long id = p.key().checkpointId();
        // the AppMaster runs one checkpoint at a time: a newer one means the older ones are over
        progress.keySet().removeIf(older -> older < id);
        failed.keySet().removeIf(older -> older < id);
        if (failed.containsKey(id)) {
            return;
        }
        String failure = p.failure();
        long start = System.nanoTime();
        long encoded = start;
        SnapshotFormat.Encoded bytes = null;
        if (failure == null) {
            try {
                bytes = SnapshotFormat.encodeInPlace(codecs.get(), p.custom(), p.managed());
                encoded = System.nanoTime();
            } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) { // this thread must live on
                codecs.remove(); // a buffer grown for a huge state goes with it
                failure = p.task() + "'s snapshot cannot be encoded: " + e;
            }
        }
        if (closed) {
            return; // closed while encoding
        }
        if (failure == null) {
            try {
                store.writeUnsynced(p.key(), bytes.buffer(), bytes.length()); // the last one's sync makes them all durable
            } catch (RuntimeException e) {
                failure = e.getMessage();
            }
        }
        if (failure != null) {
            failed.put(id, true);
            progress.remove(id);
            LOG.warn("executor {}: checkpoint {} failed here: {}", executorId, id, failure);
            toAppMaster.accept(new CheckpointTaken(executorId, attempt, id, 0, 0, failure));
            return;
        }
        long written = System.nanoTime();
        if (written - start > SLOW_SNAPSHOT_NANOS) {
            LOG.info("executor {}: checkpoint {}: {}'s snapshot of {} MB took {} ms to encode and {} ms to write", executorId, id,
                    p.task(), bytes.length() >> 20, (encoded - start) / 1_000_000, (written - encoded) / 1_000_000);
        }
        long[] done = progress.computeIfAbsent(id, k -> new long[2]);
        done[0]++;
        done[1] += bytes.length();
        if (done[0] == tasks) {
            progress.remove(id);
            try {
                store.sync(appId, id);
            } catch (RuntimeException e) {
                failed.put(id, true);
                LOG.warn("executor {}: checkpoint {} failed here: {}", executorId, id, e.getMessage());
                toAppMaster.accept(new CheckpointTaken(executorId, attempt, id, 0, 0, e.getMessage()));
                return;
            }
            toAppMaster.accept(new CheckpointTaken(executorId, attempt, id, tasks, done[1], null));
        }
    }

    /**
     * Stops taking and writing snapshots without waiting: a snapshot already being encoded or written
     * still lands, in a checkpoint that can no longer complete (see {@link #awaitStopped}).
     */
    @Override
    public void close() {
        closed = true;
        writer.interrupt();
    }

    /**
     * Waits up to {@code patience} for the writer's thread to end after {@link #close}, so that nothing
     * is written after the executor is gone; returns whether it ended (encoding a large state does not
     * stop at an interrupt).
     */
    boolean awaitStopped(Duration patience) throws InterruptedException {
        return writer.join(patience);
    }
}
