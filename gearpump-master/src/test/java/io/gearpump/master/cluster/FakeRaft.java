package io.gearpump.master.cluster;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.rpc.RedirectException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Raft for one master agent, in the test's thread: a command commits and applies at once while
 * this master leads with a quorum, through the real {@link MasterStateMachine} (so the agent's
 * mailbox gets the Applied input before the proposer hears back, as with real Raft).
 */
final class FakeRaft implements Replication {

    final List<MasterCommand> proposed = new ArrayList<>();
    private final String self;
    private final MasterStateMachine machine;
    private RaftHost.Status status;
    private boolean quorum = true;
    private final String members;

    /** One of a group of three. */
    FakeRaft(String self, Mailbox<MasterInput> agent) {
        this(self, self + ",m2:3000,m3:3000", agent);
    }

    FakeRaft(String self, String members, Mailbox<MasterInput> agent) {
        this.self = self;
        this.members = members;
        this.machine = new MasterStateMachine(agent);
        this.status = new RaftHost.Status(self, Role.FOLLOWER, 0, "", 0, 0, false);
    }

    void lead(long term) {
        status = new RaftHost.Status(self, Role.LEADER, term, self, 0, 0, false);
    }

    void follow(long term, String leader) {
        status = new RaftHost.Status(self, Role.FOLLOWER, term, leader, 0, 0, false);
    }

    /** The application's failure in the replicated state (as applied here). */
    String failureOf(int appId) {
        return machine.state().app(appId).failure();
    }

    /** The application's state in the replicated state (as applied here). */
    io.gearpump.core.api.AppState stateOf(int appId) {
        return machine.state().app(appId).state();
    }

    void quorum(boolean reachable) {
        quorum = reachable;
    }

    @Override
    public CompletableFuture<Integer> propose(MasterCommand command, long clientId) {
        proposed.add(command);
        RuntimeException refused = refusal();
        if (refused != null) {
            return CompletableFuture.failedFuture(refused);
        }
        byte[] result = machine.apply(MasterStateMachine.encode(command));
        return CompletableFuture.completedFuture(result.length == 4 ? ByteBuffer.wrap(result).getInt() : null);
    }

    @Override
    public CompletableFuture<Void> barrier() {
        RuntimeException refused = refusal();
        return refused == null ? CompletableFuture.completedFuture(null) : CompletableFuture.failedFuture(refused);
    }

    private RuntimeException refusal() {
        if (status.role() != Role.LEADER) {
            return new RedirectException(leaderHint(), "master " + self + " is not the leader");
        }
        return quorum ? null : new ClusterException(ClusterError.NO_QUORUM, "no quorum (fake)");
    }

    @Override
    public RaftHost.Status status() {
        return status;
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public String membersList() {
        return members;
    }
}
