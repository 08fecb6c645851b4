package io.gearpump.examples.fsio;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * The input of a file example: the files the user named, left alone, or a generated sample that is
 * deleted when the example ends: at {@link #close}, or when the JVM exits first (Ctrl-C ends
 * {@code filewordcount -watch true}), so no run leaves megabytes of sample text in the temp directory.
 */
public final class ExampleInput implements AutoCloseable {

    private final Path path;
    private final Thread deleteAtExit; // null for the user's own files

    private ExampleInput(Path path, Thread deleteAtExit) {
        this.path = path;
        this.deleteAtExit = deleteAtExit;
    }

    /** {@code given}, or else a sample of {@code sampleLines} lines ({@link SampleText#generate}) deleted at the end. */
    public static ExampleInput of(Optional<Path> given, int sampleLines) {
        if (given.isPresent()) {
            return new ExampleInput(given.get(), null);
        }
        Path sample = SampleText.generate(sampleLines);
        Thread deleteAtExit = new Thread(() -> delete(sample), "delete " + sample);
        Runtime.getRuntime().addShutdownHook(deleteAtExit);
        return new ExampleInput(sample, deleteAtExit);
    }

    public Path path() {
        return path;
    }

    /** Whether this is a generated sample (deleted at the end) rather than the user's files. */
    public boolean generated() {
        return deleteAtExit != null;
    }

    @Override
    public void close() {
        if (deleteAtExit == null) {
            return;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(deleteAtExit);
        } catch (IllegalStateException e) {
            return; // the JVM is exiting: the hook deletes it
        }
        delete(path);
    }

    private static void delete(Path dir) {
        try (Stream<Path> all = Files.walk(dir)) {
            for (Path p : all.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException e) {
            // deleted already (by close or the hook, whichever came second)
        } catch (IOException | UncheckedIOException e) {
            System.err.println("cannot delete the sample input " + dir + ": " + e.getMessage());
        }
    }
}
