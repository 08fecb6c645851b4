package io.gearpump.worker.executor;

import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.stream.StreamHub;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * What an executor does, wherever it runs (a child JVM or a thread of the LocalCluster): executor 0
 * runs the application's {@link AppMaster}, which talks to the leading master through a
 * {@link MasterLink} (so a master failover goes unnoticed but for a short pause); the others host the
 * tasks placed on them until their AppMaster goes away, and never talk to a master. Interrupting the
 * calling thread stops it.
 */
public final class ExecutorRole {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorRole.class);
    private static final Duration STARTUP_WAIT = Duration.ofSeconds(30); // for the first connection to any master

    /**
     * One executor's orders. {@code masters} is every master's {@code host:port}, comma-separated (as the
     * master sends it in {@code LaunchExecutor.masters}); {@code executors} and {@code startClockMillis} are
     * the AppMaster's (how many executors to ask for, the replicated clock to start from);
     * {@code description} is the encoded application, {@code loader} sees its classes.
     */
    public record Spec(String masters, int appId, int executorId, int workerId, boolean appMaster,
                       String appMasterAddress, int executors, long startClockMillis, byte[] description, ClassLoader loader) {
    }

    private ExecutorRole() {
    }

    public static void run(NodeContext node, Spec spec) throws Exception {
        if (spec.appMaster()) {
            runAppMaster(node, spec);
        } else {
            host(node, spec, application(spec));
        }
    }

    private static void runAppMaster(NodeContext node, Spec spec) throws Exception {
        AtomicReference<AppMaster> appMaster = new AtomicReference<>(); // set once it exists; the master may ask it to drain
        try (MasterLink master = new MasterLink(node, MasterLink.parseMasters(spec.masters()), request -> {
            if (!(request instanceof AppMasterCommand<?> command)) {
                throw ClusterException.unsupported("the AppMaster", request);
            }
            AppMaster am = appMaster.get();
            if (am == null) {
                throw new ClusterException(ClusterError.NOT_READY, "the AppMaster of application " + spec.appId()
                        + " is still starting");
            }
            return am.handleFromMaster(command);
        })) {
            if (!master.awaitConnected(STARTUP_WAIT)) {
                throw new IllegalStateException("cannot reach any master of " + spec.masters() + " within "
                        + STARTUP_WAIT.toSeconds() + " s");
            }
            Application app;
            try {
                app = application(spec);
            } catch (RuntimeException e) { // e.g. a task class missing from the jar: the application fails, visibly
                master.call(new AppFinished(spec.appId(), AppState.FAILED, "the AppMaster cannot load the application: "
                        + e.getMessage()), Duration.ofSeconds(10)).join();
                throw e;
            }
            AppMaster am = new AppMaster(node, master, spec.appId(), app, spec.executors(), spec.startClockMillis());
            appMaster.set(am);
            am.run();
        }
    }

    private static Application application(Spec spec) {
        return AppDescription.fromBytes(spec.description(), spec.loader()).toApplication(spec.loader());
    }

    /** Hosts tasks until the AppMaster's connection is gone for good (the first loss ends it). */
    private static void host(NodeContext node, Spec spec, Application app) throws Exception {
        try (StreamHub hub = new StreamHub(spec.executorId(), node.config(), node.registry(), node.loops(), node.handshakes(), 0);
             LocalEngine engine = new LocalEngine(node.config())) {
            TaskHost host = new TaskHost(spec.executorId(), app, engine, hub);
            RpcClient appMaster = node.connect(NodeContext.parseAddress(spec.appMasterAddress()), host);
            try {
                if (!appMaster.awaitConnected(STARTUP_WAIT)) {
                    throw new IllegalStateException("cannot reach the AppMaster at " + appMaster.address() + ": "
                            + appMaster.lastFailure());
                }
                appMaster.call(new RegisterExecutor(spec.executorId(), spec.workerId(), NodeContext.format(hub.address()),
                        ProcessHandle.current().pid()), Duration.ofSeconds(30)).join();
                while (appMaster.connects() == 1 && appMaster.awaitConnected(Duration.ofSeconds(5))) {
                    Thread.sleep(200);
                }
                LOG.info("executor {} of application {}: the AppMaster is gone; stopping", spec.executorId(), spec.appId());
            } finally {
                appMaster.close();
            }
        }
    }
}
