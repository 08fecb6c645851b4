package io.gearpump.examples.wordcount;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.ExampleMain;
import io.gearpump.examples.Options;
import io.gearpump.examples.ThroughputReporter;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * WordCount: {@code Split -> hash -> Sum}. Prints the words counted per second while it runs and
 * the top words at the end.
 */
public final class WordCount {

    private WordCount() {
    }

    public static Options options() {
        return new Options("gear example wordcount")
                .option("split", 1, "number of Split tasks")
                .option("sum", 1, "number of Sum tasks")
                .option("runseconds", 10, "seconds to run; 0 runs until a finite input (-repeat) ends")
                .option("repeat", 0, "passes over the text per Split task; 0 for endless")
                .option("text", "", "file to read the text from (default: a built-in text)")
                .option("top", 10, "how many of the most frequent words to print");
    }

    public static Application application(int split, int sum, UserConfig config) {
        Processor splitter = Processor.of(Split.class, split, "split", config);
        Processor summer = Processor.of(Sum.class, sum, "sum", config);
        return Application.of("wordcount", Graph.of(splitter.to(summer)));
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args, System.out)));
    }

    static int run(String[] args, PrintStream out) throws InterruptedException {
        Options o = options().parse(args);
        UserConfig config = UserConfig.empty()
                .with(Split.REPEAT, o.getInt("repeat", 0))
                .with(Sum.TOP, o.getInt("top", 1));
        Optional<Path> text = o.getFile("text");
        if (text.isPresent()) { // absolute: the Split tasks read it wherever they run
            config = config.with(Split.TEXT_FILE, text.get().toAbsolutePath().toString());
        }
        int runSeconds = o.getInt("runseconds", 0);
        Application app = ExampleMain.timed(application(o.getInt("split", 1), o.getInt("sum", 1), config), runSeconds);
        try (Cluster cluster = Cluster.connect()) { // every option checked: nothing starts for a refused run
            int appId = cluster.submit(app);
            AppStatus status = new ThroughputReporter(cluster, out).run(appId, "sum", "words", runSeconds, Duration.ofSeconds(2));
            out.printf(Locale.ROOT, "state: %s, words counted: %,d%n", status.state(), status.received("sum"));
            printTop(status.counters(), o.getInt("top", 1), out);
            status.failureCause().ifPresent(cause -> out.println("failure: " + cause));
            return status.state() == AppState.SUCCEEDED ? 0 : 1;
        }
    }

    static void printTop(Map<String, Long> counters, int top, PrintStream out) {
        out.println("top " + top + " words:");
        counters.entrySet().stream()
                .filter(e -> e.getKey().startsWith(Sum.COUNTER_PREFIX))
                .sorted(Map.Entry.<String, Long>comparingByValue(Comparator.reverseOrder()).thenComparing(Map.Entry.comparingByKey()))
                .limit(top)
                .forEach(e -> out.printf(Locale.ROOT, "  %-12s %,d%n", e.getKey().substring(Sum.COUNTER_PREFIX.length()), e.getValue()));
    }
}
