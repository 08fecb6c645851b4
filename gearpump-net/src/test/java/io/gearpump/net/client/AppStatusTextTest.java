package io.gearpump.net.client;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.AppMetrics;
import io.gearpump.core.cluster.AppMasterProtocol.EdgeReport;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
import io.gearpump.core.metrics.ProcessorSample;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;

/** The processor lines of {@code bin/gear status}: a source's rate is what it sent, every other's what it received. */
class AppStatusTextTest {

    private static final ProcessorReport SPLIT = new ProcessorReport(0, "split", 2, 0, 83_604_079, 0, 0, 83_604_079);
    private static final ProcessorReport SUM = new ProcessorReport(1, "sum", 2, 83_500_000, 0, 4_100_000, 83_500_000, 0);

    @Test
    void aSourceShowsTheRateItSendsAndTheOthersTheRateTheyReceive() {
        String text = print(AppState.RUNNING, List.of(new EdgeReport(0, 1, "Hash")),
                sample(0, 0, 4_200_000), sample(1, 4_150_000, 0));

        assertEquals("  0 split            x2 received 0 sent 83,604,079 (4,200,000 msgs/s sent)", line(text, "split"));
        assertEquals("  1 sum              x2 received 83,500,000 sent 0 (4,100,000 msgs/s)", line(text, "sum"));
    }

    @Test
    void theOnlyProcessorOfAGraphWithoutEdgesIsASource() {
        String text = print(AppState.RUNNING, List.of(), sample(0, 0, 1_000));

        assertTrue(line(text, "split").endsWith("(1,000 msgs/s sent)"), text);
    }

    @Test
    void anEndedApplicationShowsNoRate() {
        String text = print(AppState.SUCCEEDED, List.of(new EdgeReport(0, 1, "Hash")), sample(0, 0, 4_200_000));

        assertTrue(line(text, "split").endsWith("sent 83,604,079"), text);
        assertTrue(!text.contains("msgs/s"), text);
    }

    private static String print(AppState state, List<EdgeReport> edges, ProcessorSample... samples) {
        ArrayList<ProcessorReport> processors = new ArrayList<>(edges.isEmpty() ? List.of(SPLIT) : List.of(SPLIT, SUM));
        AppMetrics metrics = AppMetrics.none();
        metrics.processors().addAll(List.of(samples));
        ReportApp detail = new ReportApp(1, 1, state, null, 0, AppClock.NONE, processors, new ArrayList<>(), new HashMap<>(),
                Guarantee.NONE, null, metrics, new ArrayList<>(edges));
        AppSummary summary = new AppSummary(1, "wordcount", state, 0, "me", null, AppClock.NONE, CheckpointInfo.NONE);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        new AppStatusText(new PrintStream(bytes, true, StandardCharsets.UTF_8)).print(new AppReport(summary, detail), Optional.empty());
        return bytes.toString(StandardCharsets.UTF_8);
    }

    private static ProcessorSample sample(int processorId, double receivedPerSecond, double sentPerSecond) {
        return new ProcessorSample(processorId, 0, receivedPerSecond, sentPerSecond, 0, 0, 0, 0, 0, 0, 2);
    }

    private static String line(String text, String processor) {
        return text.lines().filter(l -> l.startsWith("  ") && l.contains(" " + processor + " ")).findFirst()
                .orElseThrow(() -> new AssertionError("no line of " + processor + " in:\n" + text));
    }
}
