package io.gearpump.net.client;

import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.ClusterReport;
import io.gearpump.core.cluster.ClientProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClientProtocol.GetCluster;
import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClientProtocol.ListApps;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClientProtocol.StopApp;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RemoteException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

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
        this.node = NodeContext.start("client", config, ClusterClient.class.getClassLoader());
        this.master = new MasterLink(node, addresses);
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
            Throwable cause = e.getCause();
            if (cause instanceof ClusterException c) {
                throw c;
            }
            if (cause instanceof RemoteException r) { // the master's own words, without the exception's class name
                throw new IllegalStateException(r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", ""), r);
            }
            throw cause instanceof IllegalStateException s ? s : new IllegalStateException(cause.getMessage(), cause);
        }
    }

    @Override
    public void close() {
        master.close();
        node.close();
    }
}
