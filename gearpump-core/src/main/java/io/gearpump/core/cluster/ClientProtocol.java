package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;

import io.gearpump.core.metrics.ProcessorSample;

import java.util.ArrayList;

/** What clients ({@code bin/gear}, application mains, LocalCluster) ask the masters, and the answers. */
public final class ClientProtocol {

    private ClientProtocol() {
    }

    public sealed interface ClientRequest<R> extends MasterRequest<R> {
    }

    /**
     * {@code app} is an encoded {@link AppDescription}; the master stores it unread. {@code submissionId}
     * (random, not 0) makes a retried submission (e.g. across a master failover) apply once.
     */
    public record SubmitApp(String name, String user, String jarName, byte[] jar, byte[] app, int executors, long submissionId)
            implements ClientRequest<AppSubmitted> {

        /** A random submission id: never 0, and different for every submission in practice. */
        public static long newId() {
            long id;
            do {
                id = java.util.concurrent.ThreadLocalRandom.current().nextLong();
            } while (id == 0);
            return id;
        }

        @Override
        public Class<AppSubmitted> replyType() {
            return AppSubmitted.class;
        }
    }

    public record AppSubmitted(int appId) {
    }

    public record ListApps() implements ClientRequest<AppList> {
        @Override
        public Class<AppList> replyType() {
            return AppList.class;
        }
    }

    public record AppList(ArrayList<AppSummary> apps) {
    }

    /**
     * {@code startClockMillis}: the application clock the master group last replicated, from which a
     * restart replays (an {@link AppClock}).
     */
    public record AppSummary(int appId, String name, AppState state, long submittedMillis, String user, String failure,
                             long startClockMillis, CheckpointInfo checkpoint) {
    }

    /**
     * The last checkpoint an application completed, as the masters recorded it: its id, where it lies,
     * when it completed, its size and how long it took from the barrier to the last snapshot written.
     */
    public record CheckpointInfo(long id, String location, long completedMillis, long bytes, long durationMillis) {
        public static final CheckpointInfo NONE = new CheckpointInfo(0, "", 0, 0, 0);
    }

    public record GetAppStatus(int appId) implements ClientRequest<AppReport> {
        @Override
        public Class<AppReport> replyType() {
            return AppReport.class;
        }
    }

    /**
     * A long-poll for an application's state: the leader answers at once when the state differs from
     * {@code knownState}, else the moment it changes, else when {@code waitMillis} has passed (with the
     * same state); an unknown id is refused with {@link ClusterError#UNKNOWN_APP}. The caller keeps
     * {@code waitMillis} well below its request timeout ({@code gearpump.net.request.timeout.ms}) and
     * asks again; a leader that stops leading redirects its waiters.
     */
    public record AwaitApp(int appId, AppState knownState, long waitMillis) implements ClientRequest<AppReport> {
        @Override
        public Class<AppReport> replyType() {
            return AppReport.class;
        }
    }

    /** What the master knows of an application plus its AppMaster's last report (null before the first). */
    public record AppReport(AppSummary summary, AppMasterProtocol.ReportApp detail) {
    }

    /**
     * An application's metrics: the latest per processor, task and executor JVM, and each processor's
     * recent past ({@code recent}, about one sample a second for the last 5 minutes; {@code minutes},
     * one-minute averages for the last 6 hours), oldest first. A master that became leader recently
     * has only what it heard since. With {@code sinceMillis} above 0 only the recent samples after it
     * come, and no minutes. An unknown id is refused with {@link ClusterError#UNKNOWN_APP}.
     */
    public record GetAppMetrics(int appId, long sinceMillis) implements ClientRequest<AppMetricsHistory> {
        @Override
        public Class<AppMetricsHistory> replyType() {
            return AppMetricsHistory.class;
        }
    }

    public record AppMetricsHistory(int appId, AppMasterProtocol.AppMetrics latest, ArrayList<ProcessorSample> recent,
                                    ArrayList<ProcessorSample> minutes) {
    }

    /** Answered with the summary of the killed application. */
    public record KillApp(int appId) implements ClientRequest<AppSummary> {
        @Override
        public Class<AppSummary> replyType() {
            return AppSummary.class;
        }
    }

    /** Ends the application gracefully (sources end, the rest drains); answered with its summary. */
    public record StopApp(int appId) implements ClientRequest<AppSummary> {
        @Override
        public Class<AppSummary> replyType() {
            return AppSummary.class;
        }
    }

    public record GetCluster() implements ClientRequest<ClusterReport> {
        @Override
        public Class<ClusterReport> replyType() {
            return ClusterReport.class;
        }
    }

    public record ClusterReport(ArrayList<MasterInfo> masters, ArrayList<WorkerInfo> workers) {
    }

    /** Answered by every master, leader or not. */
    public record GetMasterStatus() implements ClientRequest<MasterInfo> {
        @Override
        public Class<MasterInfo> replyType() {
            return MasterInfo.class;
        }
    }

    /**
     * One master as it sees itself: role, term, commit and applied index, the leader it knows of ("" when
     * none), and where its REST API and dashboard serve ({@code http://host:port}; "" when nowhere).
     */
    public record MasterInfo(String address, MasterRole role, long term, long commitIndex, long appliedIndex, String leader,
                             String restUrl) {
        /** The same master, its REST API (and dashboard) at {@code url} ("" when it serves none). */
        public MasterInfo withRestUrl(String url) {
            return new MasterInfo(address, role, term, commitIndex, appliedIndex, leader, url);
        }
    }

    public record WorkerInfo(int workerId, String address, int slots, int slotsUsed, long lastHeartbeatMillis,
                             WorkerState state) {
    }
}
