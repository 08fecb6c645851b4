package io.gearpump.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.StreamTasks.Discard;
import io.gearpump.core.testing.StreamTasks.Numbers;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** With {@code gearpump.metrics.reporter = graphite}, a real carbon-cache stores the tasks' and the JVM's metrics. */
@Timeout(120)
class GraphiteReporterTest {

    static final long COUNT = 300_000;

    @Test
    void carbonReceivesTaskThroughputLatencyAndJvmGauges(@TempDir Path dir) throws Exception {
        try (Carbon carbon = Carbon.start(dir)) {
            GearConfig config = GearConfig.of(Map.of(
                    "gearpump.metrics.reporter", "graphite",
                    "gearpump.metrics.graphite.port", String.valueOf(carbon.port()),
                    "gearpump.metrics.graphite.prefix", "gptest",
                    "gearpump.metrics.report.interval.ms", "1000"));
            try (LocalEngine engine = new LocalEngine(config)) {
                int id = engine.submit(Application.of("to-graphite",
                        Graph.of(Processor.of(Numbers.class, 1, "numbers", UserConfig.empty().with("count", COUNT)).to(Processor.of(Discard.class, 1, "sink")))));
                String task = "gptest.app" + id + ".processor1.task0:";

                double received = Poll.until("carbon to store the sink's count of all " + COUNT + " messages", Duration.ofSeconds(60),
                        () -> carbon.latest(task + "receiveThroughput.count"), v -> v.isPresent() && v.getAsDouble() >= COUNT).getAsDouble();
                double rate = Poll.until("carbon to store the sink's one-minute rate", Duration.ofSeconds(60),
                        () -> carbon.latest(task + "receiveThroughput.m1_rate"), v -> v.isPresent() && v.getAsDouble() > 0).getAsDouble();
                double sent = Poll.until("carbon to store the source's sent count", Duration.ofSeconds(60),
                        () -> carbon.latest("gptest.app" + id + ".processor0.task0:sendThroughput.count"),
                        v -> v.isPresent() && v.getAsDouble() >= COUNT).getAsDouble();
                double latency = Poll.until("carbon to store the receive latency's p99", Duration.ofSeconds(60),
                        () -> carbon.latest(task + "receiveLatency.p99"), v -> v.isPresent()).getAsDouble();
                double heap = Poll.until("carbon to store the JVM's heap", Duration.ofSeconds(60),
                        () -> carbon.latest("gptest.local:heapUsed"), v -> v.isPresent()).getAsDouble();

                assertEquals(COUNT, engine.status(id).processor("sink").received(), "what the application reports");
                assertEquals(COUNT, (long) received, "the sink's count in carbon equals the application's own");
                assertEquals(COUNT, (long) sent, "and so does the source's sent count");
                assertTrue(rate > 0, "the sink's rate in carbon: " + rate);
                assertTrue(latency > 0, "a receive latency in nanoseconds: " + latency);
                assertTrue(heap > 1 << 20, "the JVM's heap in carbon: " + heap);
            }
        }
    }
}
