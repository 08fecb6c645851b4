package io.gearpump.core.connectors;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TransactionalSink;
import io.gearpump.core.api.UserConfig;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes each message's value into part files in the directory {@code path}, as a line of text (UTF-8,
 * the value's {@code toString}) or, with {@code format = records}, as a binary record (a 4-byte
 * big-endian length and the bytes of a {@code byte[]} value; see {@link FileSource} for both formats):
 * task {@code i} of processor {@code p} writes files named {@code part-<p>-<i>-<n>-<run>}, where
 * {@code run} is unique to one run of the task ({@code c<checkpoint it restored from>-<random>}), and
 * their hidden {@code .part-...} forms while they are being written. Readers should ignore names
 * starting with a dot. A visible part is never deleted or rewritten by the sink.
 *
 * <p>With a guarantee, a part becomes visible only when the checkpoint that covers it completes (a
 * two-phase commit): at a barrier the part being written is forced to the disk and kept hidden as
 * {@code .pending}, and its name goes into the checkpoint; when the checkpoint completes it is renamed
 * to its final name. After a failure the sink restarts from the last completed checkpoint: it commits
 * exactly the parts that checkpoint names and deletes every other hidden part of its task, so no reader
 * sees a line twice or one that is rolled back. Since every run writes names of its own, an instance of
 * an old attempt that still runs (a zombie) cannot overwrite its successor's parts; the successor
 * deletes the zombie's hidden parts, and a zombie that reaches the end of its stream sees from the
 * task's claim file ({@code .part-<p>-<i>.claim}) that it was replaced, and commits nothing.
 *
 * <p>At the end of the stream the last part waits for the checkpoint the application takes once every
 * task has finished: it is pre-committed in it and committed when it completes, so it is as exact as
 * the rest (the application succeeds only after that). Without a guarantee
 * a part becomes visible once it has {@code part.lines} values (default 100,000) and at the end of
 * the stream.
 */
public class FileSink extends Task implements TransactionalSink<Object[]> {

    private static final Logger LOG = LoggerFactory.getLogger(FileSink.class);

    private final PartFiles parts;
    private final SinkClaim claim;
    private final FileFormat format;
    private final int partLines;
    // unique to this instance, not reproducible on purpose: two runs must never pick the same names
    private final String token = UUID.randomUUID().toString().substring(0, 8);
    private String run;             // set at onStart, once the checkpoint restored from is known
    private long restoredFrom;      // 0: started afresh
    private boolean recovered;
    private long nextPart;          // the number of the next part to open
    private String openName;        // the part being written, or null
    private BufferedOutputStream out;
    private FileChannel channel;
    private int lines;
    private final List<SinkState.Pending> pending = new ArrayList<>(); // pre-committed, not yet committed, in order

    public FileSink(TaskContext context, UserConfig config) {
        super(context, config);
        String path = config.getString("path").orElseThrow(() -> new IllegalArgumentException(
                "FileSink needs a 'path' in its processor's config: the directory to write into"));
        this.parts = new PartFiles(Path.of(path), context.taskId());
        this.claim = new SinkClaim(parts, context.taskId());
        this.format = FileFormat.of(config);
        this.partLines = config.getInt("part.lines", 100_000);
    }

    @Override
    public void onStart(Instant startTime) {
        run = "c" + restoredFrom + "-" + token;
        try {
            Files.createDirectories(parts.dir());
            if (!recovered) {
                parts.deleteHidden(null); // a start from scratch writes everything again
            }
            if (transactional()) {
                claim.take(run);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot prepare " + parts.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onNext(Message message) {
        try {
            if (out == null) {
                open();
            }
            format.write(message.value(), out);
            lines++;
            if (!transactional() && lines >= partLines) {
                parts.publish(closePart(), PartFiles.IN_PROGRESS);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot write to " + parts.dir() + ": " + e.getMessage(), e);
        }
    }

    @Override
    public Object[] preCommit(long checkpointId) {
        if (out != null) {
            try {
                String name = closePart();
                parts.stage(name, PartFiles.IN_PROGRESS, PartFiles.PENDING); // forced: the checkpoint names it
                pending.add(new SinkState.Pending(name, checkpointId));
            } catch (IOException e) {
                throw new UncheckedIOException("FileSink cannot pre-commit to " + parts.dir() + ": " + e.getMessage(), e);
            }
        }
        return new SinkState(nextPart, List.copyOf(pending)).toWire();
    }

    @Override
    public void commit(long checkpointId) {
        while (!pending.isEmpty() && pending.get(0).checkpointId() <= checkpointId) {
            parts.commitPending(pending.get(0).name()); // removed only once committed: a failed commit is tried again
            pending.remove(0);
        }
    }

    @Override
    public void recover(long checkpointId, Object[] snapshot) {
        SinkState state = SinkState.fromWire(snapshot);
        recovered = true;
        restoredFrom = checkpointId;
        nextPart = state.nextPart();
        for (SinkState.Pending p : state.pending()) {
            parts.commitPending(p.name()); // that checkpoint completed: its parts are final
        }
        try {
            int rolledBack = parts.deleteHidden(null); // written after the checkpoint, by any run of this task
            LOG.info("{}: restored checkpoint {}, committed {} parts, deleted {} uncommitted", this, checkpointId,
                    state.pending().size(), rolledBack);
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot clean up " + parts.dir() + " after a restart: " + e.getMessage(), e);
        }
    }

    @Override
    public void onStop() {
        try {
            if (transactional()) {
                if (replaced()) {
                    abandonAsReplaced();
                }
                // the rest waits for the checkpoint the application takes after its tasks finished: a finished
                // task pre-commits in it, and commits when it completes
                return;
            }
            if (out != null) {
                parts.publish(closePart(), PartFiles.IN_PROGRESS);
            }
            commit(Long.MAX_VALUE); // without a guarantee, the end of the stream is final
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot finish writing to " + parts.dir() + ": " + e.getMessage(), e);
        }
    }

    /** A newer run of this task took over: this one is a zombie, and its uncommitted parts are not its to commit. */
    private void abandonAsReplaced() throws IOException {
        if (out != null) {
            closePart();
        }
        pending.clear();
        int deleted = parts.deleteHidden(run);
        LOG.warn("{}: replaced by run {} (see {}); committing nothing at the end of the stream, deleted its {} uncommitted parts",
                this, claim.holder(), claim.file(), deleted);
    }

    /** Whether another run took this task's claim (none at all: the directory was emptied; this run goes on). */
    private boolean replaced() throws IOException {
        String holder = claim.holder();
        return holder != null && !holder.equals(run);
    }

    private boolean transactional() {
        return context.guarantee() != Guarantee.NONE;
    }

    private void open() throws IOException {
        openName = parts.name(nextPart++, run);
        channel = FileChannel.open(parts.hidden(openName, PartFiles.IN_PROGRESS), StandardOpenOption.CREATE_NEW,
                StandardOpenOption.WRITE);
        out = new BufferedOutputStream(Channels.newOutputStream(channel), 1 << 16);
        lines = 0;
    }

    /** Flushes the open part to the disk and closes it; returns its name. */
    private String closePart() throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        out = null;
        channel = null;
        String name = openName;
        openName = null;
        return name;
    }

    @Override
    public String toString() {
        return "FileSink " + context.taskId() + (run == null ? "" : " run " + run) + " of app " + context.appId();
    }
}
