package io.gearpump.worker.daemon;

import io.gearpump.core.agent.AgentRunner;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.ControlThreads;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * A worker process's parts, wired: the {@link MasterLink} that finds and follows the leading master,
 * the {@link WorkerAgent} that owns the worker's registration and heartbeats (stepped on its own
 * thread), and the launcher of its executors. The master's requests and the link's moves only enter
 * the agent's mailbox.
 */
public final class WorkerService implements AutoCloseable {

    private final ExecutorLauncher launcher;
    private final Mailbox<WorkerInput> mailbox = new Mailbox<>();
    private final MasterLink master;
    private final WorkerAgent agent;
    private final AgentRunner runner;

    /** A worker whose executors are child JVMs, with their files under {@code dir}. */
    public WorkerService(NodeContext node, List<String> masters, Path dir) {
        this(node, masters, new ProcessLauncher(dir, node.config()), node.config().get(GearConfig.WORKER_SLOTS));
    }

    /** @param masters every master's {@code host:port} ({@code gearpump.cluster.masters}) */
    public WorkerService(NodeContext node, List<String> masters, ExecutorLauncher launcher, int slots) {
        this.launcher = launcher;
        this.master = new MasterLink(node, masters, this::serve, address -> mailbox.offer(new WorkerInput.Moved(address)));
        long heartbeat = node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS);
        WorkerAgent.Settings settings = new WorkerAgent.Settings(describeSelf(), slots, ProcessHandle.current().pid(), heartbeat,
                node.settings().requestTimeout());
        this.agent = new WorkerAgent(master, launcher, mailbox, ControlThreads.EXECUTOR,
                settings);
        this.runner = AgentRunner.start(agent, mailbox, Clock.systemUTC(), Duration.ofMillis(Math.min(100, heartbeat)));
    }

    public int workerId() {
        return agent.workerId();
    }

    /** Completes with the worker's id once a master has registered it (the first time). */
    public CompletableFuture<Integer> registered() {
        return agent.registered();
    }

    /** The master's requests go to the agent's mailbox; the answer is the future the agent completes. */
    private Object serve(Object request) {
        if (!(request instanceof WorkerCommand<?> command)) {
            throw ClusterException.unsupported("a worker", request);
        }
        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new WorkerInput.Commanded(command, reply));
        return reply;
    }

    private static String describeSelf() {
        String host;
        try {
            host = InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            host = "localhost";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** Stops the agent, the executors, then the link. */
    @Override
    public void close() {
        runner.close();
        launcher.close();
        master.close();
    }
}
