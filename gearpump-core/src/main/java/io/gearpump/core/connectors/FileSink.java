package io.gearpump.core.connectors;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TransactionalSink;
import io.gearpump.core.api.UserConfig;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes each message's value as a line of text (UTF-8) into part files in the directory {@code path}:
 * task {@code i} of processor {@code p} owns the files named {@code part-<p>-<i>-<n>} (and their hidden
 * {@code .part-...} forms while they are being written). Readers should ignore names starting with a dot.
 *
 * <p>With a guarantee, a part becomes visible only when the checkpoint that covers it completes (a
 * two-phase commit): at a barrier the part being written is forced to the disk and kept hidden as
 * {@code .pending}; when the checkpoint completes it is renamed to its final name. After a failure the
 * sink restarts from the last completed checkpoint: it commits what that checkpoint covered and
 * deletes everything it wrote after, so no reader sees a line twice or one that is rolled back. The
 * end of the stream commits what is left (should the application then still fail and restart, the
 * parts written after the restored checkpoint are deleted again). Without a guarantee a part becomes
 * visible once it has {@code part.lines} lines (default 100,000) and at the end of the stream.
 */
public class FileSink extends Task implements TransactionalSink<long[]> {

    private final Path dir;
    private final String prefix;
    private final int partLines;
    private long nextPart;          // the part being written, or the next one
    private BufferedWriter out;     // null when no part is open
    private FileChannel channel;
    private int lines;
    // parts pre-committed and not yet committed: {part, checkpoint} pairs, in order
    private final List<long[]> pending = new ArrayList<>();
    private boolean recovered;

    public FileSink(TaskContext context, UserConfig config) {
        super(context, config);
        String path = config.getString("path").orElseThrow(() -> new IllegalArgumentException(
                "FileSink needs a 'path' in its processor's config: the directory to write into"));
        this.dir = Path.of(path);
        this.prefix = "part-" + context.taskId().processorId() + "-" + context.taskId().index() + "-";
        this.partLines = config.getInt("part.lines", 100_000);
    }

    @Override
    public void onStart(Instant startTime) {
        try {
            Files.createDirectories(dir);
            if (!recovered) {
                deleteOwnPartsFrom(0); // a start from scratch writes everything again
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot prepare " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public void onNext(Message message) {
        try {
            if (out == null) {
                open();
            }
            out.write(String.valueOf(message.value()));
            out.write('\n');
            lines++;
            if (context.guarantee() == Guarantee.NONE && lines >= partLines) {
                closePart();
                publish(nextPart - 1);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot write to " + dir + ": " + e.getMessage(), e);
        }
    }

    @Override
    public long[] preCommit(long checkpointId) {
        try {
            if (out != null) {
                closePart();
                long part = nextPart - 1;
                Files.move(hidden(part, "inprogress"), hidden(part, "pending"), StandardCopyOption.ATOMIC_MOVE);
                forceDir(); // the pending name must survive a crash: the checkpoint's state names it
                pending.add(new long[] {part, checkpointId});
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot pre-commit to " + dir + ": " + e.getMessage(), e);
        }
        long[] state = new long[1 + 2 * pending.size()];
        state[0] = nextPart;
        for (int i = 0; i < pending.size(); i++) {
            state[1 + 2 * i] = pending.get(i)[0];
            state[2 + 2 * i] = pending.get(i)[1];
        }
        return state;
    }

    @Override
    public void commit(long checkpointId) {
        while (!pending.isEmpty() && pending.get(0)[1] <= checkpointId) {
            publishPending(pending.remove(0)[0]);
        }
    }

    @Override
    public void recover(long checkpointId, long[] state) {
        recovered = true;
        nextPart = state[0];
        for (int i = 1; i + 1 < state.length; i += 2) {
            publishPending(state[i]); // that checkpoint completed: its parts are final
        }
        try {
            deleteOwnPartsFrom(nextPart); // written after the checkpoint: rolled back
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot clean up " + dir + " after a restart: " + e.getMessage(), e);
        }
    }

    @Override
    public void onStop() {
        try {
            if (out != null) {
                closePart();
                publish(nextPart - 1);
            }
            commit(Long.MAX_VALUE); // the stream ended: nothing will follow that could roll it back
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot finish writing to " + dir + ": " + e.getMessage(), e);
        }
    }

    private void open() throws IOException {
        channel = FileChannel.open(hidden(nextPart, "inprogress"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING);
        out = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel), StandardCharsets.UTF_8), 1 << 16);
        lines = 0;
        nextPart++;
    }

    /** Flushes the open part to the disk and closes it. */
    private void closePart() throws IOException {
        out.flush();
        channel.force(true);
        out.close();
        out = null;
        channel = null;
    }

    /** An in-progress part straight to its final name (no guarantee). */
    private void publish(long part) throws IOException {
        Files.move(hidden(part, "inprogress"), dir.resolve(prefix + part), StandardCopyOption.ATOMIC_MOVE,
                StandardCopyOption.REPLACE_EXISTING);
        forceDir();
    }

    private void publishPending(long part) {
        Path from = hidden(part, "pending");
        Path to = dir.resolve(prefix + part);
        try {
            if (Files.exists(from)) { // else committed before the restart already
                Files.move(from, to, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                forceDir();
            } else if (!Files.exists(to)) {
                throw new IllegalStateException("FileSink: part " + from + " of a completed checkpoint is missing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot commit " + from + ": " + e.getMessage(), e);
        }
    }

    /** Deletes this task's parts numbered {@code first} or more, hidden or visible. */
    private void deleteOwnPartsFrom(long first) throws IOException {
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                String bare = name.startsWith(".") ? name.substring(1) : name;
                if (!bare.startsWith(prefix)) {
                    continue;
                }
                String number = bare.substring(prefix.length()).replaceFirst("\\.(inprogress|pending)$", "");
                try {
                    if (Long.parseLong(number) >= first) {
                        Files.deleteIfExists(f);
                    }
                } catch (NumberFormatException e) {
                    // not one of ours
                }
            }
        }
    }

    private Path hidden(long part, String stage) {
        return dir.resolve("." + prefix + part + "." + stage);
    }

    private void forceDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }
}
