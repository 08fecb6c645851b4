package io.gearpump.worker.executor;

import io.gearpump.core.api.Application;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.agent.AgentRunner;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.AppMasterProtocol.AppFinished;
import io.gearpump.core.cluster.AppMasterProtocol.AppMasterCommand;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorCommand;
import io.gearpump.core.cluster.ExecutorProtocol.ExecutorRequest;
import io.gearpump.core.cluster.ExecutorProtocol.RegisterExecutor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.metrics.EngineMetrics;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.task.NanoClock;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.rpc.RpcServer;
import io.gearpump.net.stream.StreamHub;

import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

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
    private static final long REPORT_EVERY_MILLIS = 250;
    private static final Duration AGENT_TICK = Duration.ofMillis(25);
    private static final Duration REPORT_WAIT = Duration.ofSeconds(10);
    private static final Duration EXECUTOR_TICK = Duration.ofMillis(100); // how soon a lost AppMaster is noticed

    /**
     * One executor's orders. {@code masters} is every master's {@code host:port}, comma-separated (as the
     * master sends it in {@code LaunchExecutor.masters}); {@code executors} and {@code startClockMillis} are
     * the AppMaster's (how many executors to ask for, the replicated clock to start from), and so is
     * {@code lastCheckpoint} (the last completed checkpoint, 0 for none); {@code epoch} is the
     * AppMaster's (an executor's: that of the AppMaster it serves), which it names to the masters;
     * {@code description} is the encoded application, {@code loader} sees its classes.
     */
    public record Spec(String masters, int appId, int executorId, int workerId, boolean appMaster,
                       String appMasterAddress, int executors, long startClockMillis, int epoch, long lastCheckpoint,
                       byte[] description,
                       ClassLoader loader) {
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
        Mailbox<AppMasterInput> mailbox = new Mailbox<>(); // the master may ask before the agent runs: it waits here
        try (MasterLink master = new MasterLink(node, MasterLink.parseMasters(spec.masters()), request -> {
            if (!(request instanceof AppMasterCommand<?> command)) {
                throw ClusterException.unsupported("the AppMaster", request);
            }
            CompletableFuture<Object> reply = new CompletableFuture<>();
            mailbox.offer(new AppMasterInput.Commanded(command, reply));
            return reply;
        })) {
            if (!master.awaitConnected(STARTUP_WAIT)) {
                throw new IllegalStateException("cannot reach any master of " + spec.masters() + " within "
                        + STARTUP_WAIT.toSeconds() + " s");
            }
            Application app;
            try {
                app = application(spec);
            } catch (RuntimeException e) { // e.g. a task class missing from the jar: the application fails, visibly
                master.call(new AppFinished(spec.appId(), spec.epoch(), AppState.FAILED,
                        "the AppMaster cannot load the application: " + e.getMessage()), Duration.ofSeconds(10)).join();
                throw e;
            }
            RpcServer executors = node.serve(new InetSocketAddress(node.config().get(GearConfig.BIND_ADDRESS), 0),
                    endpoint -> request -> {
                        if (!(request instanceof ExecutorRequest<?> r)) {
                            throw ClusterException.unsupported("the AppMaster", request);
                        }
                        mailbox.offer(switch (r) {
                            case RegisterExecutor registration -> new AppMasterInput.ExecutorJoined(registration, endpoint);
                            case CheckpointTaken taken -> new AppMasterInput.CheckpointTakenOn(taken);
                        });
                        return Done.DONE;
                    });
            try {
                AppMaster am = new AppMaster(app, master, mailbox, new AppMaster.Settings(spec.appId(), spec.epoch(),
                        spec.executors(), node.config().get(GearConfig.APP_MAX_RESTARTS), NodeContext.format(executors.address()),
                        spec.startClockMillis(), REPORT_EVERY_MILLIS, STARTUP_WAIT.toMillis() / 2, STARTUP_WAIT.toMillis(),
                        node.config().get(GearConfig.APP_RUN_SECONDS, app.config()) * 1000L),
                        CheckpointSettings.of(node.config(), app.config()), spec.lastCheckpoint());
                try (AgentRunner runner = AgentRunner.start(am, mailbox, Clock.systemUTC(), AGENT_TICK)) {
                    am.ended().get(); // an interrupt (the executor is stopped) ends the wait and the agent
                }
            } finally {
                executors.close();
            }
        }
    }

    /** Tells the AppMaster a checkpoint was taken here; a lost message only makes that checkpoint time out. */
    private static void tell(Peer appMaster, CheckpointTaken taken) {
        appMaster.call(taken, REPORT_WAIT).whenComplete((done, error) -> {
            if (error != null) {
                LOG.warn("executor {}: the AppMaster did not hear of checkpoint {}: {}", taken.executorId(), taken.checkpointId(),
                        Failures.describe(error));
            }
        });
    }

    private static Application application(Spec spec) {
        return AppDescription.fromBytes(spec.description(), spec.loader()).toApplication(spec.loader());
    }

    /** Hosts tasks until the AppMaster's connection is gone for good (the first loss ends it). */
    private static void host(NodeContext node, Spec spec, Application app) throws Exception {
        try (StreamHub hub = new StreamHub(spec.executorId(), node.config(), node.registry(), node.loops(), node.handshakes(), 0);
             LocalEngine engine = new LocalEngine(node.config(), Clock.systemUTC(), NanoClock.SYSTEM, EngineMetrics.start(node.config(),
                     "app" + spec.appId() + ".executor" + spec.executorId(), spec.executorId(), attempt -> spec.appId()))) {
            Mailbox<ExecutorInput> mailbox = new Mailbox<>();
            RpcClient appMaster = node.connect(NodeContext.parseAddress(spec.appMasterAddress()), request -> {
                if (!(request instanceof ExecutorCommand<?> command)) {
                    throw ClusterException.unsupported("an executor", request);
                }
                CompletableFuture<Object> reply = new CompletableFuture<>();
                mailbox.offer(new ExecutorInput.Commanded(command, reply));
                return reply;
            });
            try {
                if (!appMaster.awaitConnected(STARTUP_WAIT) || appMaster.endpoint() == null) {
                    throw new IllegalStateException("cannot reach the AppMaster at " + appMaster.address() + ": "
                            + appMaster.lastFailure());
                }
                RegisterExecutor registration = new RegisterExecutor(spec.executorId(), spec.workerId(),
                        NodeContext.format(hub.address()), ProcessHandle.current().pid());
                Peer toAppMaster = appMaster.endpoint();
                // closed after the agent has stopped, before the engine: its snapshot writer ends with the executor
                try (TaskHost tasks = new TaskHost(spec.executorId(), spec.appId(), app, engine, hub, node.registry(),
                        taken -> tell(toAppMaster, taken))) {
                    ExecutorAgent agent = new ExecutorAgent(registration, toAppMaster, tasks, mailbox);
                    try (AgentRunner runner = AgentRunner.start(agent, mailbox, Clock.systemUTC(), EXECUTOR_TICK)) {
                        LOG.info("executor {} of application {} stopping: {}", spec.executorId(), spec.appId(), agent.ended().get());
                    }
                }
            } finally {
                appMaster.close();
            }
        }
    }
}
