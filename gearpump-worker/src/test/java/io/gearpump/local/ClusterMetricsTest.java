package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.ClientProtocol.AppMetricsHistory;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.metrics.ExecutorSample;
import io.gearpump.core.metrics.ProcessorSample;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.StreamTasks.Numbers;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Task metrics travel executors -> AppMaster -> master, where a history builds up for charts. */
@Timeout(90)
class ClusterMetricsTest {

    /** Takes about 20 us a message. */
    public static class Slow extends Task {
        public Slow(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            long end = System.nanoTime() + 20_000;
            while (System.nanoTime() < end) {
                Thread.onSpinWait();
            }
        }
    }

    @Test
    void theMasterShowsPerProcessorRatesAndLatencyWithAHistoryAndNoRateOnceEnded() throws Exception {
        GearConfig config = GearConfig.of(Map.of("gearpump.metrics.sample.rate", "10"));
        try (LocalCluster cluster = LocalCluster.start(config)) {
            Processor numbers = Processor.of(Numbers.class, 1, "numbers");
            Processor slow = Processor.of(Slow.class, 2, "slow");
            int id = cluster.submit(Application.of("metered", Graph.of(numbers.to(slow))));

            AppMetricsHistory m = Poll.until("three reports with metrics of both processors", Duration.ofSeconds(40),
                    () -> cluster.metrics(id), h -> h.latest().processors().size() == 2
                            && h.recent().stream().filter(p -> p.processorId() == 1 && p.receivedPerSecond() > 0).count() >= 3);

            ProcessorSample sink = m.latest().processors().stream().filter(p -> p.processorId() == 1).findFirst().orElseThrow();
            assertEquals(2, sink.tasks());
            assertTrue(sink.receivedPerSecond() > 0 && sink.receivedPerSecond() < 2 * 1e9 / 20_000 * 1.1,
                    "two 20 us tasks take at most ~100 k/s: " + sink);
            assertTrue(sink.processNanosP50() >= 20_000, sink.toString());
            assertTrue(sink.backPressured() == 0, "nothing downstream of the sink: " + sink);
            assertEquals(3, m.latest().tasks().size(), "one sample per task");
            ExecutorSample jvm = m.latest().executors().get(0);
            assertTrue(jvm.heapUsed() > 0 && jvm.heapMax() >= jvm.heapUsed() && jvm.threads() > 0, jvm.toString());

            cluster.kill(id);
            AppMetricsHistory after = cluster.metrics(id);
            assertTrue(after.latest().processors().isEmpty(), "an ended application shows no current rate");
            assertTrue(after.recent().size() >= m.recent().size(), "its history stays for the charts");
            assertEquals(AppState.KILLED, cluster.status(id).state());
            assertThrows(UnknownApplicationException.class, () -> cluster.metrics(id + 100));
        }
    }
}
