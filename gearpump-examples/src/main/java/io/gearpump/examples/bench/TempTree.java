package io.gearpump.examples.bench;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** A benchmark's scratch directory under the system's temporary directory, deleted with all it holds when closed. */
final class TempTree implements AutoCloseable {

    private final Path root;

    TempTree(String prefix) throws IOException {
        root = Files.createTempDirectory(prefix);
    }

    Path path() {
        return root;
    }

    @Override
    public void close() {
        try (Stream<Path> paths = Files.walk(root)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException("could not delete the benchmark's directory " + root, e);
        }
    }
}
