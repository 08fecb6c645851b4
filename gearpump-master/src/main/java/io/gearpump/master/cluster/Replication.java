package io.gearpump.master.cluster;

import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.MasterRole;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;

import java.util.concurrent.CompletableFuture;

/**
 * The master agent's view of the Raft group: the seam between the agent and Raft (a real
 * {@link MasterReplica}, or a simulated group). Futures complete on Raft's thread, after the
 * agent's mailbox has been handed everything applied before them.
 */
interface Replication {

    /**
     * Replicates {@code command}; completes once it is applied here with its result (an id, for the
     * commands that make one) or null. A retried command with the same non-zero {@code clientId} is
     * applied once. Fails with a redirect when this master does not lead, or "no quorum".
     */
    CompletableFuture<Integer> propose(MasterCommand command, long clientId);

    /** Completes once this master has confirmed with a quorum that it leads, and applied all it committed before. */
    CompletableFuture<Void> barrier();

    /** Raft's status after its last step. */
    RaftHost.Status status();

    /** This master as {@code bin/gear cluster} shows it. */
    default MasterInfo info() {
        RaftHost.Status s = status();
        return new MasterInfo(self(), s.stopped() ? MasterRole.STOPPED : role(s.role()), s.term(), s.commitIndex(),
                s.appliedIndex(), s.leader(), "");
    }

    /** This master's address, as the master group names it. */
    String self();

    /** Every master, comma separated: what workers and AppMasters are given to find the leader. */
    String membersList();

    /** The leader to send a caller to: "" when none is known or it is this master. */
    default String leaderHint() {
        String leader = status().leader();
        return leader.equals(self()) ? "" : leader;
    }

    private static MasterRole role(Role role) {
        return switch (role) {
            case LEADER -> MasterRole.LEADER;
            case FOLLOWER -> MasterRole.FOLLOWER;
            case CANDIDATE -> MasterRole.CANDIDATE;
            case PRE_CANDIDATE -> MasterRole.PRE_CANDIDATE;
        };
    }
}
