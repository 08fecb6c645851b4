package io.gearpump.examples.fsio;

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

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Locale;

/**
 * fsio, as in GearPump's examples: reads text files, shuffles the lines over the writers, writes them
 * into part files. {@code -input} defaults to a generated sample; {@code -guarantee exactly_once}
 * (the default) commits each line exactly once.
 */
public final class FsIO {

    private FsIO() {
    }

    public static Options options() {
        return FileExample.withFileOptions(new Options("gear example fsio"), "fsio-out")
                .option("readers", 2, "number of FileSource tasks")
                .option("writers", 2, "number of FileSink tasks");
    }

    public static Application application(Path input, Path output, int readers, int writers, Guarantee guarantee) {
        Processor read = Processor.of(FileSource.class, readers, "read", UserConfig.empty().with("path", input.toString()));
        Processor write = Processor.of(FileSink.class, writers, "write", UserConfig.empty().with("path", output.toString()));
        return Application.of("fsio", Graph.of(read.to(Partitioners.shuffle(), write))).withGuarantee(guarantee);
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args, System.out)));
    }

    static int run(String[] args, PrintStream out) throws Exception {
        Options o = options().parse(args);
        FileExample.Orders f = FileExample.orders(o);
        int readers = o.getInt("readers", 1);
        int writers = o.getInt("writers", 1);
        try (ExampleInput input = f.input(100_000)) { // every option checked: a refused run creates nothing
            return FileExample.runToEnd(application(input.path(), f.output(), readers, writers, f.guarantee()),
                    out, status -> String.format(Locale.ROOT, "state: %s, lines copied: %,d from %s to %s", status.state(),
                            status.received("write"), input.generated() ? "a generated sample" : input.path(), f.output()));
        }
    }
}
