package io.gearpump.net.client;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.AwaitApp;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.AppMetricsHistory;
import io.gearpump.core.cluster.ClientProtocol.GetAppMetrics;
import io.gearpump.core.cluster.ClientProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClientProtocol.GetCluster;
import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClientProtocol.StopApp;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RemoteException;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * A client of the masters, used by {@code bin/gear} and by application mains: typed requests to the
 * leader (found and followed by a {@link MasterLink}), each answered or failed with a message that
 * says why (no master reachable, no quorum, unknown application id, a refused submission).
 */
public final class ClusterClient implements AutoCloseable {

    private static final Duration STATUS_WAIT = Duration.ofSeconds(1); // a master slower than this shows as unreachable

    private final NodeContext node;
    private final MasterLink master;

    /** @param masters {@code host:port,host:port,...} as in {@code gearpump.cluster.masters} */
    public ClusterClient(GearConfig config, String masters) {
        List<String> addresses = MasterLink.parseMasters(masters); // a bad list fails before any thread starts
        requireOneResolvable(addresses);
        this.node = NodeContext.start("client", config, ClusterClient.class.getClassLoader());
        this.master = new MasterLink(node, addresses);
    }

    /** A client none of whose masters has a name that resolves could only wait to fail: it fails at once, saying so. */
    private static void requireOneResolvable(List<String> masters) {
        List<String> unresolvable = new ArrayList<>();
        for (String m : masters) {
            InetSocketAddress a = NodeContext.parseAddress(m);
            if (!a.isUnresolved()) {
                return;
            }
            unresolvable.add("'" + a.getHostString() + "'");
        }
        throw new ClusterException(ClusterError.NO_MASTER, "cannot resolve host " + String.join(", ", unresolvable)
                + " (the masters, from -master or " + GearConfig.MASTERS.name() + ")");
    }

    /** The largest frame this client sends ({@code gearpump.net.frame.max.bytes}). */
    public int maxFrameBytes() {
        return node.config().get(GearConfig.FRAME_MAX_BYTES);
    }

    public int submit(SubmitApp s) {
        return call(s).appId();
    }

    public List<AppSummary> list() {
        return call(new ListApps()).apps();
    }

    public AppReport status(int appId) {
        return call(new GetAppStatus(appId));
    }

    /** The application's latest metrics and the recent history the leader keeps of them. */
    public AppMetricsHistory metrics(int appId) {
        return call(new GetAppMetrics(appId, 0));
    }

    /**
     * The application's report once its state is no longer {@code knownState}, or when about
     * {@code wait} has passed (then with the same state): a long-poll ({@link AwaitApp}) that the
     * leader answers the moment a new state is committed. The wait is kept to half the request timeout
     * ({@code gearpump.net.request.timeout.ms}), so the answer always comes in time: ask again.
     *
     * @throws InterruptedException when interrupted while waiting
     */
    public AppReport awaitChange(int appId, AppState knownState, Duration wait) throws InterruptedException {
        long waitMillis = Math.max(0, Math.min(wait.toMillis(), node.settings().requestTimeout().toMillis() / 2));
        try {
            return master.call(new AwaitApp(appId, knownState, waitMillis)).get();
        } catch (ExecutionException e) {
            throw refusal(e.getCause());
        }
    }

    /**
     * Long-polls until the application has ended or {@code timeout} has passed; returns its report
     * then. Interrupted, it returns the last report, with the thread's interrupt flag set.
     */
    public AppReport awaitEnd(int appId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        AppReport r = status(appId);
        while (!r.summary().state().isFinal()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return r;
            }
            try {
                r = awaitChange(appId, r.summary().state(), Duration.ofMillis((left + 999_999) / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return r;
            }
        }
        return r;
    }

    public AppSummary kill(int appId) {
        return call(new KillApp(appId));
    }

    /** Ends the application gracefully (its AppMaster drains it); without an AppMaster yet, kills it. */
    public AppSummary stop(int appId) {
        return call(new StopApp(appId));
    }

    /** Every configured master as it sees itself (role UNREACHABLE when it does not answer), and the leader's workers. */
    public ClusterReport cluster() {
        ArrayList<MasterInfo> masters = masters();
        return new ClusterReport(masters, workers());
    }

    /** Every configured master as it sees itself, in the configured order; answers even when no master leads. */
    public ArrayList<MasterInfo> masters() {
        return MasterStatuses.ask(node, master.masters(), STATUS_WAIT);
    }

    /** The workers as the leader knows them. */
    public ArrayList<WorkerInfo> workers() {
        return call(new GetCluster()).workers(); // the leader's masters part names itself only
    }

    /**
     * The leader's answer; a refusal comes as the master's {@link ClusterException} (its code tells
     * an unknown application from a bad submission), anything else as an {@link IllegalStateException}.
     */
    private <R> R call(Request<R> request) {
        try {
            return master.call(request).join();
        } catch (CompletionException e) {
            throw refusal(e.getCause());
        }
    }

    private static IllegalStateException refusal(Throwable cause) {
        if (cause instanceof ClusterException c) {
            return c;
        }
        if (cause instanceof RemoteException r) { // the master's own words, without the exception's class name
            return new IllegalStateException(r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", ""), r);
        }
        return cause instanceof IllegalStateException s ? s : new IllegalStateException(cause.getMessage(), cause);
    }

    @Override
    public void close() {
        master.close();
        node.close();
    }
}
