package io.gearpump.examples.complexdag;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.local.LocalCluster;

import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class ComplexDagTest {

    @Test
    void everySinkSeesEveryPathOfTheDagOncePerMessage() {
        int n = 500;
        try (LocalCluster cluster = LocalCluster.start()) {
            int appId = cluster.submit(ComplexDag.application(n, 0));
            AppStatus status = cluster.await(appId, Duration.ofSeconds(30));

            assertEquals(AppState.SUCCEEDED, status.state(), () -> String.valueOf(status.failure()));
            Map<String, Long> expected = new TreeMap<>();
            for (String path : new String[] {
                    "Source_0>Sink_0", "Source_0>Sink_1", "Source_0>Sink_2",
                    "Source_0>Node_1>Sink_3", "Source_0>Node_1>Node_3>Sink_3", "Source_0>Node_2>Node_3>Sink_3",
                    "Source_0>Node_3>Sink_3", "Source_0>Node_1>Node_4>Sink_3", "Source_1>Node_0>Sink_3",
                    "Source_1>Sink_4"}) {
                expected.put(path, (long) n);
            }
            Map<String, Long> seen = new TreeMap<>();
            status.counters().forEach((k, v) -> {
                if (k.startsWith(DagSink.COUNTER_PREFIX)) {
                    seen.put(k.substring(DagSink.COUNTER_PREFIX.length()), v);
                }
            });
            assertEquals(expected, seen);
            assertEquals(6L * n, status.processor("Sink_3").received());
            assertEquals(3L * n, status.processor("Node_3").received());
        }
    }
}
