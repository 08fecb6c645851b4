package io.gearpump.master.cluster;

import io.gearpump.core.cluster.AppMasterProtocol.AppMetrics;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.ClientProtocol.AppMetricsHistory;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An application's numbers as the leader tells them: what its ended attempts processed, and its
 * metrics with their history. Read from the replicated state and the leader's soft state; called on
 * the master agent's thread.
 */
final class AppNumbers {

    private AppNumbers() {
    }

    /**
     * What the application's ended attempts processed: what the masters recorded, or, per processor, the
     * totals of the latest AppMaster report when higher (they include the attempt that just ended; totals
     * never go back, so a stale report changes nothing). An attempt that never reported adds nothing.
     */
    static List<ProcessedCounts> countedSoFar(MasterState state, SoftState soft, int appId) {
        Map<Integer, ProcessedCounts> counts = new TreeMap<>();
        state.attemptsOf(appId).countedBefore().forEach(c -> counts.put(c.processorId(), c));
        ReportApp last = soft.reports.get(appId);
        if (last != null) {
            for (ProcessorReport p : last.processors()) {
                counts.merge(p.processorId(), new ProcessedCounts(p.processorId(), p.receivedTotal(), p.sentTotal()),
                        (a, b) -> new ProcessedCounts(a.processorId(), Math.max(a.received(), b.received()), Math.max(a.sent(), b.sent())));
            }
        }
        return new ArrayList<>(counts.values());
    }

    /** The last report's metrics (none once the application ended) and the history kept of them. */
    static AppMetricsHistory metrics(MasterState.App app, SoftState soft, long sinceMillis) {
        ReportApp last = soft.reports.get(app.appId());
        AppMetrics latest = last == null || app.state().isFinal() ? AppMetrics.none() : last.metrics();
        return new AppMetricsHistory(app.appId(), latest, new ArrayList<>(soft.metrics.recent(app.appId(), sinceMillis > 0 ? sinceMillis : Long.MIN_VALUE)),
                new ArrayList<>(sinceMillis > 0 ? List.of() : soft.metrics.minutes(app.appId())));
    }
}
