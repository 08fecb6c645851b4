package io.gearpump.net.client;

import io.gearpump.core.cluster.ClusterProtocol.AppList;
import io.gearpump.core.cluster.ClusterProtocol.AppReport;
import io.gearpump.core.cluster.ClusterProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClusterProtocol.AppSummary;
import io.gearpump.core.cluster.ClusterProtocol.ClusterReport;
import io.gearpump.core.cluster.ClusterProtocol.GetAppStatus;
import io.gearpump.core.cluster.ClusterProtocol.GetCluster;
import io.gearpump.core.cluster.ClusterProtocol.KillApp;
import io.gearpump.core.cluster.ClusterProtocol.ListApps;
import io.gearpump.core.cluster.ClusterProtocol.StopApp;
import io.gearpump.core.cluster.ClusterProtocol.SubmitApp;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RemoteException;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionException;

/**
 * A client of the master, used by {@code bin/gear} and by application mains: typed requests, each
 * answered within the request timeout or failed with a message that says why (no master reachable,
 * unknown application id, a refused submission).
 */
public final class ClusterClient implements AutoCloseable {

    private static final Duration CONNECT_WAIT = Duration.ofSeconds(1); // every command answers within about a second

    private final NodeContext node;
    private final List<String> masters;
    private RpcClient master; // used by one thread at a time (a command, or an application's main)

    public ClusterClient(GearConfig config, String masters) {
        this.node = NodeContext.start("client", config, ClusterClient.class.getClassLoader());
        this.masters = List.of(masters.split(","));
    }

    public int submit(SubmitApp s) {
        return ((AppSubmitted) call(s)).appId();
    }

    public List<AppSummary> list() {
        return ((AppList) call(new ListApps())).apps();
    }

    public AppReport status(int appId) {
        return (AppReport) call(new GetAppStatus(appId));
    }

    public AppSummary kill(int appId) {
        return (AppSummary) call(new KillApp(appId));
    }

    /** Ends the application gracefully (its AppMaster drains it); without an AppMaster yet, kills it. */
    public AppSummary stop(int appId) {
        return (AppSummary) call(new StopApp(appId));
    }

    public ClusterReport cluster() {
        return (ClusterReport) call(new GetCluster());
    }

    private Object call(Object request) {
        RpcClient m = connected();
        try {
            return m.request(request).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause();
            if (cause instanceof RemoteException r) { // the master's own words, without the exception's class name
                throw new IllegalStateException(r.remoteMessage().replaceFirst("^[\\w.$]+(Exception|Error): ", ""), r);
            }
            throw new IllegalStateException(cause.getMessage(), cause);
        }
    }

    /** The first master that answers; "no master reachable" names every address tried. */
    private RpcClient connected() {
        if (master != null && master.awaitConnectedQuietly(Duration.ZERO)) {
            return master;
        }
        List<String> failures = new ArrayList<>();
        for (String address : masters) {
            RpcClient c = node.connect(NodeContext.parseAddress(address.trim()), RequestHandler.NONE);
            if (c.awaitConnectedQuietly(CONNECT_WAIT)) {
                if (master != null) {
                    master.close();
                }
                master = c;
                return c;
            }
            failures.add(address.trim() + " (" + c.lastFailure() + ")");
            c.close();
        }
        throw new IllegalStateException("no master reachable: " + String.join(", ", failures));
    }

    @Override
    public void close() {
        if (master != null) {
            master.close();
        }
        node.close();
    }
}
