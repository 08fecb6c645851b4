package io.gearpump.core.connectors;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads the files of {@code path}, a file or a directory of files (names starting with a dot are
 * skipped), and outputs each value in them as a message (see below for its timestamp). The files
 * are shared out over the processor's tasks by a hash of their name (a file stays with its
 * task when new ones arrive), each task reading its files in name order. Its position, the byte
 * offset reached in each of its files, is its checkpointed state, so a restart from a checkpoint
 * rewinds it exactly. It reads a fixed set of files and then ends, or with {@code watch = true} keeps
 * looking for new files every {@code watch.interval.ms} (default 1000) and never ends.
 *
 * <p>Formats ({@code format}):
 * <ul>
 * <li>{@code lines} (the default): UTF-8 text, each line ended by {@code \n} a String value (without
 *     the {@code \n}); a line is at most 64 KiB. A file's last line without a newline is read at the
 *     end only when not watching (a watched file may still grow).</li>
 * <li>{@code records}: binary, each record a 4-byte big-endian length {@code n} followed by {@code n}
 *     bytes, a {@code byte[]} value; {@code n} from 0 to {@code record.max.bytes} (default 16 MiB).
 *     A watched file that ends inside a record waits for the rest; a file that is not watched and
 *     ends inside a record, or a length out of range (negative, or over the maximum: a damaged file,
 *     or one in another format), fails the task with an error naming the file and the record's
 *     offset. {@link FileSink} writes this format too.</li>
 * </ul>
 *
 * <p>Time: by default a message is stamped with the time it was read, and the watermark follows
 * those stamps. With an {@link EventTimeFunction} ({@link #withEventTime}, or its config keys
 * {@code event.time.function} and {@code event.time.max.out.of.order.ms}) a message carries the event
 * time the function gives for its value, and the task declares as its watermark the greatest event
 * time it has read minus the out-of-orderness allowed (0 by default), once per round of reading. A
 * value whose time is below the watermark already declared is still output, as a late message. The
 * greatest time seen is not part of the checkpoint: after a restart the watermark follows the values
 * read again. A function that throws fails the task, naming the file and the value's offset.
 *
 * <pre>{@code
 * UserConfig read = FileSource.withEventTime(UserConfig.empty().with("path", "in"),
 *         (String line) -> Long.parseLong(line.substring(0, line.indexOf(','))), Duration.ofSeconds(5));
 * }</pre>
 */
public class FileSource extends Task implements Checkpointed<HashMap<String, Long>> {

    private static final Message NEXT = new Message("next", 0);
    private static final int VALUES_PER_ROUND = 1_000;
    private static final int FIRST_BUFFER_BYTES = 1 << 16;

    private final Path path;
    private final boolean watch;
    private final Duration watchInterval;
    private final HashMap<String, Long> offsets = new HashMap<>(); // by file name: bytes consumed
    private final FileFormat format;
    private final EventTimes times;
    private ByteBuffer buffer;
    private List<Path> files = List.of();
    private int fileIndex;
    private FileChannel reading;
    private String readingName;

    public FileSource(TaskContext context, UserConfig config) {
        super(context, config);
        this.path = Path.of(config.getString("path").orElseThrow(() -> new IllegalArgumentException(
                "FileSource needs a 'path' in its processor's config: a file or a directory of files")));
        this.watch = config.getBoolean("watch", false);
        this.watchInterval = Duration.ofMillis(config.getLong("watch.interval.ms", 1000));
        this.format = FileFormat.of(config);
        this.times = EventTimes.of(config);
        this.buffer = ByteBuffer.allocate(Math.min(FIRST_BUFFER_BYTES, format.maxFrameBytes()));
    }

    /**
     * {@code config} with {@code function} giving the event time of each value read (a String line, or
     * a byte[] record), and the watermark following the greatest event time read minus
     * {@code maxOutOfOrder}. The function travels with the application in the config; one that
     * cannot (it captures something that is neither a registered type nor an application class) is
     * refused here.
     */
    public static <T> UserConfig withEventTime(UserConfig config, EventTimeFunction<T> function, Duration maxOutOfOrder) {
        return EventTimes.with(config, function, maxOutOfOrder);
    }

    @Override
    public void onStart(Instant startTime) {
        if (!Files.exists(path)) {
            throw new IllegalArgumentException("FileSource: " + path + " does not exist");
        }
        if (times.eventTime()) {
            // the watermark is declared by this task from now on: the engine must not follow the stamps it outputs
            context.updateWatermark(Instant.ofEpochMilli(Long.MIN_VALUE));
        }
        files = myFiles();
        context.sendToSelf(NEXT);
    }

    @Override
    public void onNext(Message message) {
        try {
            int emitted = 0;
            while (emitted < VALUES_PER_ROUND && fileIndex < files.size()) {
                int n = readValues(VALUES_PER_ROUND - emitted);
                emitted += n;
                if (n == 0) {
                    nextFile();
                }
            }
            Instant watermark = times.watermark();
            if (watermark != null) {
                context.updateWatermark(watermark); // once a round: it only moves forward
            }
            if (fileIndex < files.size()) {
                context.sendToSelf(NEXT);
            } else if (watch) {
                context.scheduleOnce(watchInterval, () -> {
                    files = myFiles();
                    fileIndex = 0;
                    context.sendToSelf(NEXT);
                });
            } else {
                closeReading();
                context.complete();
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSource cannot read " + readingName + ": " + e.getMessage(), e);
        } catch (FileFormat.CorruptFileException e) {
            throw new IllegalStateException("FileSource cannot read " + files.get(fileIndex) + " at offset " + e.offset()
                    + " (format = " + format + "): " + e.getMessage(), e);
        }
    }

    /** Reads up to {@code max} values of the current file; 0 when it has none left for now. */
    private int readValues(int max) throws IOException {
        Path file = files.get(fileIndex);
        String name = file.getFileName().toString();
        if (reading == null || !name.equals(readingName)) {
            closeReading();
            reading = FileChannel.open(file, StandardOpenOption.READ);
            readingName = name;
            buffer.clear().flip();
        }
        long offset = offsets.getOrDefault(name, 0L);
        int n = 0;
        while (n < max) {
            int start = buffer.position();
            Object value = format.next(buffer, offset);
            if (value == null) {
                if (refill(offset)) {
                    continue;
                }
                if (watch) {
                    break; // a watched file may still grow: a partial value waits for the rest
                }
                start = buffer.position();
                value = format.last(buffer, offset);
                if (value == null) {
                    break;
                }
            }
            long at = offset;
            offset += buffer.position() - start;
            output(new Message(value, stamp(value, file, at)));
            n++;
        }
        offsets.put(name, offset);
        return n;
    }

    private long stamp(Object value, Path file, long offset) {
        try {
            return times.stamp(value);
        } catch (RuntimeException e) {
            throw new IllegalStateException("FileSource: the event-time function failed on the value at offset " + offset
                    + " of " + file + ": " + e, e);
        }
    }

    /** Reads more of the file after what the buffer holds (growing it for a long value); false at the end of the file. */
    private boolean refill(long consumed) throws IOException {
        long readFrom = consumed + buffer.remaining();
        if (buffer.remaining() == buffer.capacity()) {
            if (buffer.capacity() >= format.maxFrameBytes()) {
                throw new IOException("a value longer than " + buffer.capacity() + " bytes at offset " + consumed);
            }
            buffer = ByteBuffer.allocate((int) Math.min(2L * buffer.capacity(), format.maxFrameBytes())).put(buffer).flip();
        }
        buffer.compact();
        int read = reading.read(buffer, readFrom);
        buffer.flip();
        return read > 0;
    }

    private void nextFile() throws IOException {
        closeReading();
        fileIndex++;
    }

    private void closeReading() throws IOException {
        if (reading != null) {
            reading.close();
            reading = null;
            readingName = null;
        }
    }

    /** This task's share of the files, in name order. */
    private List<Path> myFiles() {
        List<Path> all;
        if (Files.isDirectory(path)) {
            try (Stream<Path> listing = Files.list(path)) {
                all = listing.filter(Files::isRegularFile).filter(p -> !p.getFileName().toString().startsWith("."))
                        .sorted().toList();
            } catch (IOException e) {
                throw new UncheckedIOException("FileSource cannot list " + path + ": " + e.getMessage(), e);
            }
        } else {
            all = List.of(path);
        }
        List<Path> mine = new ArrayList<>();
        for (Path p : all) {
            if (Math.floorMod(p.getFileName().toString().hashCode(), context.parallelism()) == context.taskId().index()) {
                mine.add(p);
            }
        }
        return mine;
    }

    @Override
    public HashMap<String, Long> snapshotState() {
        return new HashMap<>(offsets);
    }

    @Override
    public void restoreState(HashMap<String, Long> state) {
        offsets.clear();
        offsets.putAll(state);
    }
}
