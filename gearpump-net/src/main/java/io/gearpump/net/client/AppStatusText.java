package io.gearpump.net.client;

import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.EdgeReport;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;
import io.gearpump.core.cluster.AppMasterProtocol.TaskPlacement;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
import io.gearpump.core.metrics.ProcessorSample;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

/** What {@code bin/gear status} prints of an application's report; apart from the client, so its lines can be tested alone. */
final class AppStatusText {

    private final PrintStream out;

    AppStatusText(PrintStream out) {
        this.out = out;
    }

    /** Prints {@code r}; {@code restUrl} is the leader's REST address, when it serves one. */
    void print(AppReport r, Optional<String> restUrl) {
        AppSummary s = r.summary();
        out.printf(Locale.ROOT, "application %d (%s): %s, submitted %s by %s%n", s.appId(), s.name(), s.state(),
                Instant.ofEpochMilli(s.submittedMillis()), s.user());
        restUrl.ifPresent(url -> out.printf(Locale.ROOT, "dashboard: %s/ (REST API: %s/api/v1/apps/%d)%n", url, url, s.appId()));
        if (s.failure() != null) {
            out.println("failure: " + s.failure());
        }
        out.println("start clock (replicated): " + AppClock.describe(s.startClockMillis()));
        CheckpointInfo c = s.checkpoint();
        if (c.id() > 0) {
            out.printf(Locale.ROOT, "last checkpoint: %d at %s, %,d bytes, taken in %d ms, in %s%n", c.id(),
                    Instant.ofEpochMilli(c.completedMillis()), c.bytes(), c.durationMillis(), c.location());
        }
        if (r.detail() == null) {
            out.println("(no report from its AppMaster yet)");
            return;
        }
        ReportApp d = r.detail();
        out.printf(Locale.ROOT, "guarantee: %s, restarts: %d, clock: %s%n", d.guarantee(), d.restarts(), AppClock.describe(d.clockMillis()));
        if (d.checkpointFailure() != null) {
            out.println("last checkpoint failure: " + d.checkpointFailure());
        }
        out.println("processors:");
        boolean ended = s.state().isFinal(); // an ended application has no current rate
        for (ProcessorReport p : d.processors()) {
            boolean restarted = p.receivedTotal() != p.received() || p.sentTotal() != p.sent();
            ProcessorSample m = ended ? null : d.metrics().processors().stream()
                    .filter(x -> x.processorId() == p.processorId()).findFirst().orElse(null);
            out.printf(Locale.ROOT, "  %d %-16s x%d received %,d sent %,d%s%s%n", p.processorId(), p.description(),
                    p.parallelism(), Math.max(p.receivedTotal(), p.received()), Math.max(p.sentTotal(), p.sent()),
                    restarted ? String.format(Locale.ROOT, " since submission, %,d and %,d in this attempt", p.received(), p.sent()) : "",
                    ended ? "" : rate(p, m, isSource(d, p.processorId())));
            if (m != null) {
                out.printf(Locale.ROOT, "      processing p50 %s p99 %s, receive latency p50 %s p99 %s, inbox %,d, back-pressured %.0f%%%n",
                        micros(m.processNanosP50()), micros(m.processNanosP99()), micros(m.latencyNanosP50()),
                        micros(m.latencyNanosP99()), m.inboxDepth(), 100 * m.backPressured());
            }
        }
        out.println("tasks:");
        for (TaskPlacement t : d.placement()) {
            out.printf(Locale.ROOT, "  %d.%d on executor %d of worker %d%n", t.processorId(), t.index(), t.executorId(), t.workerId());
        }
    }

    /** A source receives nothing: its rate is what it sent in the last second, as the dashboard shows it. */
    private static String rate(ProcessorReport p, ProcessorSample m, boolean source) {
        return source
                ? String.format(Locale.ROOT, " (%,.0f msgs/s sent)", m == null ? 0.0 : m.sentPerSecond())
                : String.format(Locale.ROOT, " (%,.0f msgs/s)", p.receivedPerSecond());
    }

    /** No edge of the DAG leads to it. */
    private static boolean isSource(ReportApp d, int processorId) {
        return d.edges().stream().mapToInt(EdgeReport::to).noneMatch(to -> to == processorId);
    }

    private static String micros(long nanos) {
        return String.format(Locale.ROOT, "%.1f us", nanos / 1000.0);
    }
}
