package io.gearpump.examples.sol;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Path;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.ExampleMain;
import io.gearpump.examples.Options;
import io.gearpump.examples.ThroughputReporter;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * SOL (Streaming Over Loaded), the throughput test of the GearPump paper: producers output fixed-size
 * messages as fast as they can; {@code stages - 1} processor stages pass them on, each over a
 * shuffle (round-robin) edge.
 */
public final class SOL {

    private SOL() {
    }

    public static Options options() {
        return new Options("gear example sol")
                .option("streamProducer", 1, "number of producer tasks")
                .option("streamProcessor", 1, "number of processor tasks per stage")
                .option("bytesPerMessage", 100, "size of each message in bytes")
                .option("stages", 2, "number of stages, the producer included")
                .option("runseconds", 60, "seconds to run; 0 runs until a finite input (-messages) ends")
                .option("messages", 0, "messages per producer task; 0 for endless");
    }

    public static Application application(int producers, int processors, int stages, UserConfig config) {
        if (stages < 2) {
            throw new IllegalArgumentException("SOL needs at least 2 stages (a producer and a processor), got " + stages);
        }
        Processor producer = Processor.of(SOLStreamProducer.class, producers, "producer", config);
        Path path = producer.to(Partitioners.shuffle(), Processor.of(SOLStreamProcessor.class, processors, "processor-1", config));
        for (int stage = 2; stage < stages; stage++) {
            path = path.to(Partitioners.shuffle(), Processor.of(SOLStreamProcessor.class, processors, "processor-" + stage, config));
        }
        return Application.of("sol", Graph.of(path));
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args, System.out)));
    }

    static int run(String[] args, PrintStream out) throws InterruptedException {
        Options o = options().parse(args);
        UserConfig config = UserConfig.empty()
                .with(SOLStreamProducer.BYTES_PER_MESSAGE, o.getInt("bytesPerMessage", 1))
                .with(SOLStreamProducer.MESSAGES, o.getInt("messages", 0));
        int stages = o.getInt("stages", 2);
        try (Cluster cluster = Cluster.connect()) {
            int appId = cluster.submit(ExampleMain.timed(application(o.getInt("streamProducer", 1), o.getInt("streamProcessor", 1), stages, config),
                    o.getInt("runseconds", 0)));
            String last = "processor-" + (stages - 1);
            AppStatus status = new ThroughputReporter(cluster, out).run(appId, last, "msgs", o.getInt("runseconds", 0), Duration.ofSeconds(2));
            out.println("state: " + status.state());
            for (ProcessorStatus p : status.processors()) {
                out.printf(Locale.ROOT, "  %-12s x%d received %,d sent %,d%n", p.description(), p.parallelism(), p.received(), p.sent());
            }
            status.failureCause().ifPresent(cause -> out.println("failure: " + cause));
            return status.state() == AppState.SUCCEEDED ? 0 : 1;
        }
    }
}
