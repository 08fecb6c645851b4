package io.gearpump.core.metrics;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Processor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.StreamTasks.Discard;
import io.gearpump.core.testing.StreamTasks.Numbers;
import io.gearpump.core.api.UserConfig;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** With {@code gearpump.metrics.reporter = log}, the executor's log carries every task's metrics. */
@Timeout(60)
class LogReporterTest {

    @Test
    void theLogShowsTheSinksExactCountAndTheJvmsHeap() throws Exception {
        // the metrics logger logs at INFO; the tests' default level is WARN (set before the logger exists)
        System.setProperty("org.slf4j.simpleLogger.log.io.gearpump.metrics", "info");
        PrintStream err = System.err;
        ByteArrayOutputStream logged = new ByteArrayOutputStream();
        System.setErr(new PrintStream(logged, true, StandardCharsets.UTF_8));
        try (LocalEngine engine = new LocalEngine(GearConfig.of(Map.of("gearpump.metrics.reporter", "log",
                "gearpump.metrics.report.interval.ms", "200")))) {
            int id = engine.submit(Application.of("to-the-log",
                    Graph.of(Processor.of(Numbers.class, 1, "numbers", UserConfig.empty().with("count", GraphiteReporterTest.COUNT)).to(Processor.of(Discard.class, 1, "sink")))));
            String meter = "name=app" + id + ".processor1.task0:receiveThroughput, count=" + GraphiteReporterTest.COUNT + ",";

            String log = Poll.until("the log to show the sink's count of every message", Duration.ofSeconds(30),
                    () -> logged.toString(StandardCharsets.UTF_8), text -> text.contains(meter));

            assertTrue(log.contains("io.gearpump.metrics - type=GAUGE, name=local:heapUsed, value="), "the JVM's gauges too");
            assertTrue(log.contains("name=app" + id + ".processor1.task0:processTime, count="), "and the histograms");
        } finally {
            System.setErr(err);
            System.clearProperty("org.slf4j.simpleLogger.log.io.gearpump.metrics");
        }
    }
}
