package io.gearpump.core.connectors;

import io.gearpump.core.api.TaskId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Pattern;

/**
 * The part files of one sink task in its directory, and the renames between their stages. A part
 * is named {@code part-<p>-<i>-<n>-<run>}: task {@code i} of processor {@code p}, its {@code n}-th
 * part, written by run {@code run} (a token unique to one instance of the task, so two instances of
 * the same task, such as a zombie of an old attempt and its successor, never write the same file).
 * While written it is {@code .<name>.inprogress}, pre-committed {@code .<name>.pending}, committed
 * under its name. Renames are atomic and the directory is forced after each, so a name survives a
 * crash. A visible part is never deleted or replaced here. Confined to the task's thread.
 */
final class PartFiles {

    static final String IN_PROGRESS = "inprogress";
    static final String PENDING = "pending";

    private final Path dir;
    private final String prefix;
    private final Pattern ownHidden;

    PartFiles(Path dir, TaskId task) {
        this.dir = dir;
        this.prefix = "part-" + task.processorId() + "-" + task.index() + "-";
        // also the names of earlier versions (no run), so their leftovers are cleaned up too
        this.ownHidden = Pattern.compile("\\." + Pattern.quote(prefix) + "\\d+(-[^.]+)?\\.(" + IN_PROGRESS + "|" + PENDING + ")");
    }

    Path dir() {
        return dir;
    }

    /** The name of part {@code n} written by {@code run}. */
    String name(long n, String run) {
        return prefix + n + "-" + run;
    }

    Path hidden(String name, String stage) {
        return dir.resolve("." + name + "." + stage);
    }

    Path visible(String name) {
        return dir.resolve(name);
    }

    /** Moves a hidden part to {@code toStage}, forcing the directory. */
    void stage(String name, String fromStage, String toStage) throws IOException {
        Files.move(hidden(name, fromStage), hidden(name, toStage), StandardCopyOption.ATOMIC_MOVE);
        forceDir();
    }

    /** Makes a hidden part visible, forcing the directory. */
    void publish(String name, String fromStage) throws IOException {
        Files.move(hidden(name, fromStage), visible(name), StandardCopyOption.ATOMIC_MOVE);
        forceDir();
    }

    /**
     * Makes a pre-committed part visible; nothing to do if it is already (this task committed it before a
     * restart, or another instance of it did, even at the same moment).
     */
    void commitPending(String name) {
        try {
            if (!Files.exists(visible(name))) {
                publish(name, PENDING);
            }
        } catch (NoSuchFileException e) {
            if (!Files.exists(visible(name))) {
                throw new IllegalStateException("FileSink: part " + hidden(name, PENDING) + " of a completed checkpoint is missing");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("FileSink cannot commit " + hidden(name, PENDING) + ": " + e.getMessage(), e);
        }
    }

    /** Deletes this task's hidden parts (in progress or pending) whose name contains {@code run}, or all of them for null. */
    int deleteHidden(String run) throws IOException {
        int deleted = 0;
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, ".part-*")) {
            for (Path f : files) {
                String name = f.getFileName().toString();
                if (ownHidden.matcher(name).matches() && (run == null || name.contains("-" + run + "."))
                        && Files.deleteIfExists(f)) {
                    deleted++;
                }
            }
        }
        if (deleted > 0) {
            forceDir();
        }
        return deleted;
    }

    void forceDir() throws IOException {
        try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
            d.force(true);
        }
    }

    @Override
    public String toString() {
        return dir.resolve(prefix + "*").toString();
    }
}
