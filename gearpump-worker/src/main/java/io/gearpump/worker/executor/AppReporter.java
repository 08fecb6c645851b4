package io.gearpump.worker.executor;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.api.Graph;
import io.gearpump.core.cluster.AppMasterProtocol.AppMetrics;
import io.gearpump.core.cluster.AppMasterProtocol.EdgeReport;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessedCounts;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorReport;
import io.gearpump.core.metrics.ProcessorSample;
import io.gearpump.core.metrics.TaskSample;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sums the executors' reports into the application's and sends it to the master without waiting:
 * while the masters fail over, the report in flight carries the news and the rounds in between
 * send none, so the application runs on undisturbed. Keeps the latest application clock, where a
 * restart starts from. A refusal of a report (the master has a newer AppMaster) goes to
 * {@code refused}. Confined to the AppMaster agent's thread.
 */
final class AppReporter {

    private static final Logger LOG = LoggerFactory.getLogger(AppReporter.class);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(30);

    private final int appId;
    private final int epoch;
    private final MasterChannel master;
    private final Executor onAgent;
    private final Consumer<Throwable> refused;
    private final Map<Integer, ProcessorReport> lastReceived = new TreeMap<>();
    private int lastAttempt = -1;
    private long lastReportMillis;
    private long startClock;
    private CompletableFuture<Done> inFlight = CompletableFuture.completedFuture(Done.DONE);
    private int failedInARow;
    private final ArrayList<EdgeReport> edges;
    private final Map<Integer, ProcessedCounts> countedBefore = new TreeMap<>();

    AppReporter(int appId, int epoch, MasterChannel master, Executor onAgent, long startClockMillis,
                List<EdgeReport> edges, Consumer<Throwable> refused) {
        this.edges = new ArrayList<>(edges);
        this.appId = appId;
        this.epoch = epoch;
        this.master = master;
        this.onAgent = onAgent;
        this.startClock = startClockMillis;
        this.refused = refused;
    }

    /** Where the next attempt's tasks start: the latest application clock (an {@link AppClock}). */
    long startClock() {
        return startClock;
    }

    /** The report still on its way to the master, if any; the end waits for it so RUNNING never follows it. */
    CompletableFuture<Done> inFlight() {
        return inFlight;
    }

    void report(int attempt, int restarts, ArrayList<TaskPlacement> placement, Collection<ExecutorReport> reports,
                AppState state, Guarantee guarantee, String checkpointFailure, long now) {
        Map<Integer, ProcessorReport> byProcessor = new TreeMap<>();
        long clock = AppClock.END;
        for (ExecutorReport r : reports) {
            clock = Math.min(clock, r.clockMillis());
            for (ProcessorReport p : r.processors()) {
                byProcessor.merge(p.processorId(), p, (a, b) -> new ProcessorReport(a.processorId(), a.description(),
                        a.parallelism(), a.received() + b.received(), a.sent() + b.sent(), 0, 0, 0));
            }
        }
        if (AppClock.isPoint(clock)) { // a restart replays from here; the master replicates it
            startClock = AppClock.isPoint(startClock) ? Math.max(startClock, clock) : clock;
        }
        HashMap<String, Long> counters = new HashMap<>();
        reports.forEach(r -> r.counters().forEach((k, v) -> counters.merge(k, v, Long::sum)));
        byProcessor.replaceAll((id, p) -> withRate(p, attempt, now));
        lastAttempt = attempt;
        lastReportMillis = now;
        if (!inFlight.isDone()) {
            return; // the master is slow, or failing over: the report in flight carries the news
        }
        inFlight = master.call(new ReportApp(appId, epoch, state, null, restarts, clock, new ArrayList<>(byProcessor.values()),
                placement, counters, guarantee, checkpointFailure, metrics(reports, now), edges), REPORT_WAIT);
        inFlight.whenCompleteAsync((answer, error) -> reported(error), onAgent);
    }

    /** The DAG's edges as the REST API and the dashboard show them: processor ids and the partitioner's name. */
    static List<EdgeReport> edgesOf(Graph graph) {
        return graph.edges().stream().map(e -> new EdgeReport(graph.idOf(e.from()), graph.idOf(e.to()),
                e.partitioner().getClass().getSimpleName())).toList();
    }

    /** The executors' last second, per task and JVM, and summed per processor. */
    private static AppMetrics metrics(Collection<ExecutorReport> reports, long now) {
        AppMetrics m = AppMetrics.none();
        Map<Integer, List<TaskSample>> byProcessor = new TreeMap<>();
        for (ExecutorReport r : reports) {
            for (TaskSample t : r.tasks()) {
                m.tasks().add(t);
                byProcessor.computeIfAbsent(t.processorId(), id -> new ArrayList<>()).add(t);
            }
            if (r.jvm() != null) {
                m.executors().add(r.jvm());
            }
        }
        byProcessor.forEach((id, tasks) -> m.processors().add(ProcessorSample.of(id, now, tasks)));
        return m;
    }

    /** What the attempts before the running one processed, as the masters recorded it when it began. */
    void countedBefore(List<ProcessedCounts> counts) {
        countedBefore.clear();
        counts.forEach(c -> countedBefore.put(c.processorId(), c));
    }

    /** Messages per second since the previous report of the same attempt (a restart starts counting again). */
    private ProcessorReport withRate(ProcessorReport p, int attempt, long now) {
        ProcessorReport before = attempt == lastAttempt ? lastReceived.get(p.processorId()) : null;
        lastReceived.put(p.processorId(), p);
        double rate = before == null || now == lastReportMillis ? 0
                : Math.max(0, p.received() - before.received()) * 1000.0 / (now - lastReportMillis);
        ProcessedCounts ended = countedBefore.getOrDefault(p.processorId(), new ProcessedCounts(p.processorId(), 0, 0));
        return new ProcessorReport(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(), rate,
                ended.received() + p.received(), ended.sent() + p.sent());
    }

    /** Quiet about failed reports: the first of a run is logged, the next ones only at debug. */
    private void reported(Throwable error) {
        if (error != null && Failures.refusal(error) != ClusterError.UNKNOWN) {
            refused.accept(error);
        }
        if (error == null) {
            if (failedInARow > 0) {
                LOG.info("app {}: reports reach the master {} again (after {} failed)", appId, master.current(), failedInARow);
            }
            failedInARow = 0;
        } else if (failedInARow++ == 0) {
            LOG.info("app {}: a report did not reach the masters, sending the next one next round: {}", appId,
                    Failures.describe(error));
        } else {
            LOG.debug("app {}: a report did not reach the masters: {}", appId, Failures.describe(error));
        }
    }
}
