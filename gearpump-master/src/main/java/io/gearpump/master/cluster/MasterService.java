package io.gearpump.master.cluster;

import io.gearpump.core.agent.AgentRunner;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.raft.RaftWireTypes;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcEndpoint;
import io.gearpump.net.rpc.RpcServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicReference;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master process's parts, wired: the RPC server (cluster requests and Raft frames on one port),
 * this master's Raft member ({@link MasterReplica}) and the {@link MasterAgent} that owns all the
 * master's state, stepped on its own thread. Requests only enter the agent's mailbox; their answers
 * come back as futures, so no request thread ever waits on Raft or on a worker.
 */
public final class MasterService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(MasterService.class);

    private final RpcServer server;
    private final Mailbox<MasterInput> mailbox = new Mailbox<>();
    private final MasterReplica replica;
    private final AgentRunner runner;

    /**
     * Starts a master listening on {@code bindAddress}, a member of {@code gearpump.cluster.masters}
     * (with one master listed, any address: port 0 too), keeping its Raft log in {@code storage}.
     * {@code clock} is the agent's only time.
     */
    public MasterService(NodeContext node, InetSocketAddress bindAddress, Clock clock, RaftStorage storage) throws IOException {
        GearConfig config = node.config();
        AtomicReference<Session.KindHandler> raftFrames = new AtomicReference<>(); // frames may come once we listen
        this.server = node.serve(bindAddress, this::handler, Map.of(FrameKind.RAFT, (c, payload) -> {
            Session.KindHandler h = raftFrames.get();
            if (h != null) {
                h.onFrame(c, payload);
            }
        }));
        try {
            MasterGroup group = MasterGroup.of(config.get(GearConfig.MASTERS), server.address());
            this.replica = new MasterReplica(node, group.self(), group.members(), storage, mailbox);
        } catch (RuntimeException e) {
            server.close();
            throw e;
        }
        raftFrames.set(replica.inbound());
        this.runner = AgentRunner.start(new MasterAgent(replica, mailbox, settings(config)), mailbox, clock,
                Duration.ofMillis(MasterReplica.TICK_MILLIS));
        LOG.info("master listening on {}, one of {}", replica.self(), replica.membersList());
    }

    private static MasterAgent.Settings settings(GearConfig config) {
        long workerTimeout = config.get(GearConfig.HEARTBEAT_TIMEOUT_MS);
        int heartbeat = config.get(GearConfig.HEARTBEAT_INTERVAL_MS);
        // a worker may notice a silent dead leader only after its heartbeat timeout, then look for the
        // new one, register and report its executors a heartbeat later
        long orphanGrace = workerTimeout + config.get(GearConfig.FAILOVER_TIMEOUT_MS) + 3L * heartbeat;
        return new MasterAgent.Settings(heartbeat, workerTimeout, orphanGrace, config.get(GearConfig.APP_MAX_RESTARTS));
    }

    /** The node a master runs on: the cluster's wire types and Raft's. */
    public static NodeContext startNode(String name, GearConfig config, ClassLoader userTypes) {
        return NodeContext.start(name, config, userTypes, RaftWireTypes.ENTRIES);
    }

    /** This master's address, as the master group names it. */
    public String address() {
        return replica.self();
    }

    /** A connection's requests go to the agent's mailbox; the answer is the future the agent completes. */
    private RequestHandler handler(RpcEndpoint from) {
        return request -> {
            if (!(request instanceof MasterRequest<?> r)) {
                throw ClusterException.unsupported("a master", request);
            }
            CompletableFuture<Object> reply = new CompletableFuture<>();
            mailbox.offer(new MasterInput.Asked(r, from, reply));
            return reply;
        };
    }

    @Override
    public void close() {
        server.close();
        runner.close();
        replica.close();
    }
}
