package io.gearpump.core.connectors;

import io.gearpump.core.api.TaskId;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Which run of a sink task is the current one: each run that starts with a guarantee writes its
 * token into {@code .part-<p>-<i>.claim} (atomically), so an older instance still running somewhere
 * (an executor cut off from its AppMaster and not killed yet) can see that it has been replaced
 * before it makes anything visible without a checkpoint, i.e. at the end of its stream. It narrows
 * what a zombie can do to a window of one file read; it is not a lock.
 */
final class SinkClaim {

    private final PartFiles parts;
    private final Path file;

    SinkClaim(PartFiles parts, TaskId task) {
        this.parts = parts;
        this.file = parts.dir().resolve(".part-" + task.processorId() + "-" + task.index() + ".claim");
    }

    /** {@code run} is the current run from now on. */
    void take(String run) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + "." + run + ".tmp");
        Files.writeString(tmp, run, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        parts.forceDir();
    }

    /** The run that took the claim last, or null if none did. */
    String holder() throws IOException {
        try {
            return Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    Path file() {
        return file;
    }
}
