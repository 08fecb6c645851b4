package io.gearpump.master.cluster;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.master.raft.NotLeaderException;
import io.gearpump.master.raft.RaftConfig;
import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.RaftStorage;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.master.replication.RaftNetTransport;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.protocol.Session;
import io.gearpump.net.rpc.RedirectException;

import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * This master's member of the Raft group that replicates {@link MasterState}: commands go in with
 * {@link #propose} (answered once committed and applied here), {@link #barrier} makes a read
 * linearizable, {@link #status} says who leads. Failures a caller can act on come out as a
 * {@link RedirectException} (another master leads, or none does yet) or as "no quorum".
 */
final class MasterReplica implements Replication, AutoCloseable {

    /** Ticks of 20 ms, elections after 300-600 ms of silence: a failover well under a second on a LAN. */
    static final int TICK_MILLIS = 20;
    private static final int ELECTION_TICKS = 15;
    private static final int HEARTBEAT_TICKS = 2;
    private static final byte[] NO_QUERY = new byte[0];
    private static final long WAIT_MILLIS = 5_000;

    private final String self;
    private final List<String> members;
    private final MasterStateMachine machine;
    private final RaftNetTransport transport;
    private final RaftHost host;

    /**
     * @param members every master's address in {@code gearpump.cluster.masters} order; {@code self} is one
     * @param agent   the master agent's mailbox: every applied command and restored snapshot goes there too
     */
    MasterReplica(NodeContext node, String self, List<String> members, RaftStorage storage, Mailbox<MasterInput> agent) {
        this.self = self;
        this.members = List.copyOf(members);
        this.machine = new MasterStateMachine(agent);
        Map<String, InetSocketAddress> addresses = new LinkedHashMap<>();
        members.forEach(m -> addresses.put(m, NodeContext.parseAddress(m)));
        this.transport = new RaftNetTransport(self, addresses, node);
        // an append may carry a whole submission (its jar): up to a frame, less room for the message around it
        int appendBytes = node.config().get(io.gearpump.core.config.GearConfig.FRAME_MAX_BYTES) - (64 << 10);
        RaftConfig config = RaftConfig.of(self, members).withTimeouts(ELECTION_TICKS, HEARTBEAT_TICKS)
                .withBatching(256, Math.max(1 << 20, appendBytes), 16)
                .withSnapshotBytes(node.config().get(io.gearpump.core.config.GearConfig.MASTER_SNAPSHOT_BYTES));
        this.host = new RaftHost("raft-" + self, TICK_MILLIS,
                h -> RaftServer.start(config, storage, machine, transport, new SecureRandom()));
    }

    /** The handler of Raft frames for this master's server. */
    Session.KindHandler inbound() {
        return transport.inbound(this::receive);
    }

    private void receive(RaftMessage message) {
        host.receive(message);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public String membersList() {
        return String.join(",", members);
    }

    @Override
    public RaftHost.Status status() {
        return host.status();
    }

    @Override
    public CompletableFuture<Integer> propose(MasterCommand command, long clientId) {
        byte[] bytes = MasterStateMachine.encode(command);
        CompletableFuture<byte[]> committed = host.call(
                () -> host.server().propose(clientId, clientId == LogEntry.NO_CLIENT ? 0 : 1, bytes));
        return settle(committed, command.getClass().getSimpleName())
                .thenApply(result -> result.length == 4 ? ByteBuffer.wrap(result).getInt() : null);
    }

    @Override
    public CompletableFuture<Void> barrier() {
        return settle(host.call(() -> host.server().read(NO_QUERY)), "read").thenApply(result -> null);
    }

    /** Bounds the wait and says what a caller can act on: another master leads, or no quorum confirmed in time. */
    private <T> CompletableFuture<T> settle(CompletableFuture<T> f, String what) {
        return f.orTimeout(WAIT_MILLIS, TimeUnit.MILLISECONDS).handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof TimeoutException) {
                f.cancel(false);
                throw new ClusterException(ClusterError.NO_QUORUM, "no quorum: " + what + " was not confirmed by a majority"
                        + " of the masters (" + membersList() + ") within " + WAIT_MILLIS + " ms");
            }
            if (e instanceof NotLeaderException n) {
                throw new RedirectException(n.leaderHint().orElse(leaderHint()), "master " + self + " is not the leader");
            }
            throw new IllegalStateException(what + " failed: " + e.getMessage(), e);
        });
    }

    @Override
    public void close() {
        host.close();
        transport.close();
    }
}
