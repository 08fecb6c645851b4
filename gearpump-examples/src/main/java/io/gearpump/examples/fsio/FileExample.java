package io.gearpump.examples.fsio;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.config.GearConfig;
import io.gearpump.examples.Options;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.Function;

/** What the file examples share: their input, output and guarantee options, and running the application to its end. */
public final class FileExample {

    /** The options' files and guarantee; the input is a generated sample when none was given. */
    public record Orders(Path input, Path output, Guarantee guarantee) {
    }

    private FileExample() {
    }

    /** {@code -input}, {@code -output} (default {@code defaultOutput}) and {@code -guarantee}, added to {@code options}. */
    public static Options withFileOptions(Options options, String defaultOutput) {
        return options.option("input", "", "a text file or a directory of them (default: a generated sample)")
                .option("output", defaultOutput, "the directory for the part files")
                .option("guarantee", "exactly_once", "none, at_least_once or exactly_once");
    }

    public static Orders orders(Options parsed, int sampleLines) {
        Path input = parsed.getString("input").isEmpty() ? SampleText.generate(sampleLines) : Path.of(parsed.getString("input"));
        return new Orders(input, Path.of(parsed.getString("output")), GearConfig.GUARANTEE.parse(parsed.getString("guarantee")));
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
