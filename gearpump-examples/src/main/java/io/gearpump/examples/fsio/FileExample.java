package io.gearpump.examples.fsio;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.config.ConfigException;
import io.gearpump.core.config.GearConfig;
import io.gearpump.examples.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.function.Function;

/** What the file examples share: their input, output and guarantee options, and running the application to its end. */
public final class FileExample {

    /**
     * The options' files and guarantee, checked: the input (empty for a generated sample) exists, the
     * output is a directory or not there yet; both absolute, as the tasks read and write them wherever
     * they run. Nothing is created until {@link #input} is called.
     */
    public record Orders(Optional<Path> given, Path output, Guarantee guarantee) {

        /** The input to run on: the given files, or a sample of {@code sampleLines} lines deleted when it is closed. */
        public ExampleInput input(int sampleLines) {
            return ExampleInput.of(given, sampleLines);
        }
    }

    private FileExample() {
    }

    /** {@code -input}, {@code -output} (default {@code defaultOutput}) and {@code -guarantee}, added to {@code options}. */
    public static Options withFileOptions(Options options, String defaultOutput) {
        return options.option("input", "", "a text file or a directory of them (default: a generated sample)")
                .option("output", defaultOutput, "the directory for the part files")
                .option("guarantee", "exactly_once", "none, at_least_once or exactly_once");
    }

    /** The file options of {@code parsed}, checked; throws {@link IllegalArgumentException} naming a bad one. */
    public static Orders orders(Options parsed) {
        return new Orders(parsed.getFileOrDirectory("input").map(Path::toAbsolutePath), parsed.getDirectory("output").toAbsolutePath(),
                guarantee(parsed.getString("guarantee")));
    }

    private static Guarantee guarantee(String value) {
        try {
            return GearConfig.GUARANTEE.parse(value);
        } catch (ConfigException e) { // it would name the configuration key, not the option
            throw new IllegalArgumentException("option -guarantee must be none, at_least_once or exactly_once, got '" + value + "'");
        }
    }

    /**
     * Submits {@code app}, waits for its end, prints what {@code summary} says of it and its failure if
     * any; returns the exit code: 0 when it SUCCEEDED.
     */
    public static int runToEnd(Application app, PrintStream out, Function<AppStatus, String> summary) {
        try (Cluster cluster = Cluster.connect()) {
            AppStatus status = cluster.await(cluster.submit(app), Duration.ofDays(365));
            out.println(summary.apply(status));
            status.failureCause().ifPresent(cause -> out.println("failure: " + cause));
            return status.state() == AppState.SUCCEEDED ? 0 : 1;
        }
    }
}
