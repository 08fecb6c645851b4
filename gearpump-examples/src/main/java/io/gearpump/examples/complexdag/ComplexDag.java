package io.gearpump.examples.complexdag;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.UserConfig;
import io.gearpump.examples.ExampleMain;
import io.gearpump.examples.Options;
import io.gearpump.examples.ThroughputReporter;

import java.io.PrintStream;
import java.time.Duration;
import java.util.Locale;

/**
 * The multi-input, multi-output DAG of GearPump's complexdag example: two sources, five inner nodes
 * and five sinks, where nodes and sinks have several inputs and sources and nodes several outputs.
 * Every message records the path it took; each sink counts the paths it saw.
 *
 * <pre>
 *   Source_0 -> Sink_0, Sink_1, Sink_2, Node_1, Node_2, Node_3
 *   Source_1 -> Node_0, Sink_4
 *   Node_0 -> Sink_3      Node_1 -> Node_3, Node_4, Sink_3
 *   Node_2 -> Node_3      Node_3 -> Sink_3      Node_4 -> Sink_3
 * </pre>
 */
public final class ComplexDag {

    private ComplexDag() {
    }

    public static Options options() {
        return new Options("gear example complexdag")
                .option("runseconds", 10, "seconds to run; 0 runs until a finite input (-messages) ends")
                .option("messages", 0, "messages per source; 0 for endless")
                .option("intervalms", 1, "milliseconds between two messages of a source; 0 as fast as possible");
    }

    public static Application application(long messagesPerSource, long intervalMs) {
        UserConfig sourceConfig = UserConfig.empty().with(DagSource.MESSAGES, messagesPerSource)
                .with(DagSource.INTERVAL_MS, intervalMs);
        Processor source0 = named(DagSource.class, "Source_0", sourceConfig);
        Processor source1 = named(DagSource.class, "Source_1", sourceConfig);
        Processor node0 = named(DagNode.class, "Node_0", UserConfig.empty());
        Processor node1 = named(DagNode.class, "Node_1", UserConfig.empty());
        Processor node2 = named(DagNode.class, "Node_2", UserConfig.empty());
        Processor node3 = named(DagNode.class, "Node_3", UserConfig.empty());
        Processor node4 = named(DagNode.class, "Node_4", UserConfig.empty());
        Processor sink0 = named(DagSink.class, "Sink_0", UserConfig.empty());
        Processor sink1 = named(DagSink.class, "Sink_1", UserConfig.empty());
        Processor sink2 = named(DagSink.class, "Sink_2", UserConfig.empty());
        Processor sink3 = named(DagSink.class, "Sink_3", UserConfig.empty());
        Processor sink4 = named(DagSink.class, "Sink_4", UserConfig.empty());
        Graph graph = Graph.of(
                source0.to(sink1), source0.to(sink2), source0.to(node2), source0.to(node3),
                source0.to(node1), source0.to(sink0),
                node2.to(node3), node1.to(node3), node1.to(sink3), node1.to(node4),
                source1.to(sink4), source1.to(node0),
                node3.to(sink3), node4.to(sink3), node0.to(sink3));
        return Application.of("complexdag", graph);
    }

    private static Processor named(Class<? extends Task> taskClass, String name, UserConfig config) {
        return Processor.of(taskClass, 1, name, config.with(DagSource.NAME, name));
    }

    public static void main(String[] args) throws Exception {
        System.exit(ExampleMain.run(() -> run(args, System.out)));
    }

    static int run(String[] args, PrintStream out) throws InterruptedException {
        Options o = options().parse(args);
        try (Cluster cluster = Cluster.connect()) {
            int appId = cluster.submit(ExampleMain.timed(application(o.getInt("messages", 0), o.getInt("intervalms", 0)), o.getInt("runseconds", 0)));
            AppStatus status = new ThroughputReporter(cluster, out).run(appId, "Sink_3", "msgs", o.getInt("runseconds", 0), Duration.ofSeconds(2));
            out.println("state: " + status.state() + "; paths seen by the sinks:");
            status.counters().forEach((name, count) -> {
                if (name.startsWith(DagSink.COUNTER_PREFIX)) {
                    out.printf(Locale.ROOT, "  %-40s %,d%n", name.substring(DagSink.COUNTER_PREFIX.length()), count);
                }
            });
            status.failureCause().ifPresent(cause -> out.println("failure: " + cause));
            return status.state() == AppState.SUCCEEDED ? 0 : 1;
        }
    }
}
