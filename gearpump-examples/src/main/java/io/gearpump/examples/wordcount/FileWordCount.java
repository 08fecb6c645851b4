package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.connectors.FileSink;
import io.gearpump.core.connectors.FileSource;
import io.gearpump.examples.ExampleMain;
import io.gearpump.examples.Options;
import io.gearpump.examples.fsio.ExampleInput;
import io.gearpump.examples.fsio.FileExample;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * WordCount over files: {@code FileSource -> SplitLines -> hash -> RunningCount -> FileSink}, each reader
 * chained with its splitter and each counter with its writer (co-location edges). Reads
 * the text files of {@code -input} (a generated sample when none is given), and writes every word's
 * running count, one line per occurrence, into part files under {@code -output}; with
 * {@code -guarantee exactly_once} (the default) the committed output has each count of each word
 * exactly once, whatever failed meanwhile.
 */
public final class FileWordCount {

    private FileWordCount() {
    }

    public static Options options() {
        return FileExample.withFileOptions(new Options("gear example filewordcount"), "filewordcount-out")
                .option("split", 2, "number of SplitLines tasks (and of readers)")
                .option("count", 2, "number of RunningCount tasks (and of writers)")
                .option("watch", "false", "true: keep reading new files of -input (the application then runs until killed)");
    }

    public static Application application(Path input, Path output, int split, int count, Guarantee guarantee, boolean watch) {
        Processor read = Processor.of(FileSource.class, split, "read", UserConfig.empty().with("path", input.toString())
                .with("watch", watch));
        Processor words = Processor.of(SplitLines.class, split, "split");
        Processor counts = Processor.of(RunningCount.class, count, "count");
        Processor write = Processor.of(FileSink.class, count, "write", UserConfig.empty().with("path", output.toString()));
        return Application.of("filewordcount", Graph.of(read.to(Partitioners.coLocation(), words)
                .to(Partitioners.hash(), counts).to(Partitioners.coLocation(), write)))
                .withGuarantee(guarantee);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args, System.out)));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Options o = options().parse(args);
        FileExample.Orders f = FileExample.orders(o);
        int split = o.getInt("split", 1);
        int count = o.getInt("count", 1);
        boolean watch = o.getBoolean("watch");
        try (ExampleInput input = f.input(20_000)) { // every option checked: a refused run creates nothing
            return FileExample.runToEnd(application(input.path(), f.output(), split, count, f.guarantee(), watch), out,
                    status -> String.format(Locale.ROOT, "state: %s, lines read: %,d, words counted: %,d; output in %s",
                            status.state(), status.received("split"), status.received("count"), f.output()));
        }
    }
}
