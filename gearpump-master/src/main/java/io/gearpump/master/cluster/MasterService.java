package io.gearpump.master.cluster;

import io.gearpump.core.agent.AgentRunner;
import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClientProtocol.ClientRequest;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.Request;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.raft.RaftWireTypes;
import io.gearpump.net.client.MasterStatuses;
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
import java.util.ArrayList;
import java.util.List;
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

    private final NodeContext node;
    private final RpcServer server;
    private final Mailbox<MasterInput> mailbox = new Mailbox<>();
    private final MasterReplica replica;
    private final MasterAgent agent; // stepped by the runner's thread only; others reach it through the mailbox
    private final AgentRunner runner;

    /**
     * Starts a master listening on {@code bindAddress}, a member of {@code gearpump.cluster.masters}
     * (with one master listed, any address: port 0 too), keeping its Raft log in {@code storage}.
     * {@code clock} is the agent's only time.
     */
    public MasterService(NodeContext node, InetSocketAddress bindAddress, Clock clock, RaftStorage storage) throws IOException {
        this.node = node;
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
        this.agent = new MasterAgent(replica, mailbox, settings(config));
        this.runner = AgentRunner.start(agent, mailbox, clock,
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

    /** Every master of the group, comma separated, as {@code gearpump.cluster.masters} lists them. */
    public String members() {
        return replica.membersList();
    }

    /** This master's configuration. */
    public GearConfig config() {
        return node.config();
    }

    /**
     * Asks the agent what a client would ask over the network (the REST API's way in): the answer, or the
     * same refusal a client gets ({@link io.gearpump.net.rpc.RedirectException} from a follower, a
     * {@link ClusterException} with its code). Answered on the agent's or Raft's thread: do not block there.
     */
    public <R> CompletableFuture<R> ask(ClientRequest<R> request) {
        CompletableFuture<Object> reply = new CompletableFuture<>();
        mailbox.offer(new MasterInput.Asked(request, NO_CONNECTION, reply));
        return reply.thenApply(request.replyType()::cast);
    }

    /** Every master as it sees itself, asked over the network like {@code bin/gear cluster} does; blocks up to about twice {@code wait}. */
    public ArrayList<MasterInfo> masterStatuses(Duration wait) {
        return MasterStatuses.ask(node, List.of(replica.membersList().split(",")), wait);
    }

    /** This master's REST API serves at {@code url} (http://host:port): the agent records it through Raft while it leads. */
    public void restServing(String url) {
        mailbox.offer(new MasterInput.Resume(() -> agent.restServing(url)));
    }

    /** The leader's REST API (http://host:port), or "" while it is not known; read on the agent's thread. */
    public CompletableFuture<String> leaderRest() {
        CompletableFuture<String> reply = new CompletableFuture<>();
        mailbox.offer(new MasterInput.Resume(() -> reply.complete(agent.leaderRest())));
        return reply;
    }

    /** The caller of a request that came in through this object, not on a connection: nothing to call back, nothing to close. */
    private static final Peer NO_CONNECTION = new Peer() {
        @Override
        public <R> CompletableFuture<R> call(Request<R> request, Duration timeout) {
            return CompletableFuture.failedFuture(new IllegalStateException("a local caller (the REST API) takes no calls"));
        }

        @Override
        public boolean isOpen() {
            return false;
        }

        @Override
        public void close(String reason) {
        }

        @Override
        public String closeReason() {
            return "a local caller (the REST API) has no connection";
        }

        @Override
        public String toString() {
            return "the REST API";
        }
    };

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
