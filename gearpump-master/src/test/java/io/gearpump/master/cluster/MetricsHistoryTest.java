package io.gearpump.master.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.metrics.ProcessorSample;

import java.util.List;

import org.junit.jupiter.api.Test;

/** The master keeps a bounded recent past of every application's metrics, fine-grained and by the minute. */
class MetricsHistoryTest {

    private static ProcessorSample at(int processor, long millis, double rate, long p99) {
        return new ProcessorSample(processor, millis, rate, rate, 1_000, p99, 2_000, p99, 10, 0.25, 2);
    }

    @Test
    void recentSamplesAreBoundedAndOldestFirst() {
        MetricsHistory h = new MetricsHistory();
        for (int s = 0; s < MetricsHistory.SECONDS + 50; s++) {
            h.record(1, List.of(at(0, s * 1000L, s, 5), at(1, s * 1000L, 2 * s, 5)));
        }
        List<ProcessorSample> recent = h.recent(1);
        assertEquals(2 * MetricsHistory.SECONDS, recent.size());
        List<ProcessorSample> first = recent.stream().filter(p -> p.processorId() == 0).toList();
        assertEquals(50_000, first.get(0).timeMillis(), "the 50 oldest seconds were dropped");
        assertEquals((MetricsHistory.SECONDS + 49) * 1000L, first.get(first.size() - 1).timeMillis());
    }

    @Test
    void aMinuteIsAveragedOnceItIsOverWithItsWorstTail() {
        MetricsHistory h = new MetricsHistory();
        for (int s = 0; s < 60; s++) {
            h.record(7, List.of(at(0, s * 1000L, s < 30 ? 100 : 300, s == 42 ? 9_000 : 50)));
        }
        assertTrue(h.minutes(7).isEmpty(), "the first minute is still filling");
        h.record(7, List.of(at(0, 60_000, 0, 0)));

        List<ProcessorSample> minutes = h.minutes(7);
        assertEquals(1, minutes.size());
        assertEquals(0, minutes.get(0).timeMillis());
        assertEquals(200, minutes.get(0).receivedPerSecond(), 1e-9);
        assertEquals(9_000, minutes.get(0).latencyNanosP99(), "a minute shows its worst p99");
    }

    @Test
    void onlyTheLatestApplicationsAreKept() {
        MetricsHistory h = new MetricsHistory();
        for (int app = 1; app <= MetricsHistory.APPS + 1; app++) {
            h.record(app, List.of(at(0, 0, 1, 1)));
        }
        assertTrue(h.recent(1).isEmpty(), "the oldest application's history is gone");
        assertEquals(1, h.recent(MetricsHistory.APPS + 1).size());
        assertTrue(h.recent(999).isEmpty());
    }
}
