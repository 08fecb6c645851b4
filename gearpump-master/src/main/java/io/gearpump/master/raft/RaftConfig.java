package io.gearpump.master.raft;

import java.util.HashSet;
import java.util.List;

/**
 * How one Raft node behaves. Times are in ticks (the caller decides how long a tick is, e.g. 100 ms);
 * sizes in bytes. {@link #of} gives the defaults; the {@code with...} methods change one setting.
 * Every value is checked once, here, with a message that names the setting.
 *
 * @param self                    this node's id, one of {@code members}
 * @param members                 the fixed group: 1, 3 or 5 distinct node ids
 * @param electionTicks           E: a follower that hears no leader for a random time in [E, 2E) campaigns; a
 *                                leader that has not heard from a quorum for E steps down (check-quorum)
 * @param heartbeatTicks          how often a leader sends heartbeats; less than E / 2
 * @param maxEntriesPerAppend     entries per AppendEntries message (batching)
 * @param maxBytesPerAppend       bytes of entries per AppendEntries message; also the largest command
 * @param maxInflightAppends      AppendEntries messages a leader keeps unacknowledged per follower (pipelining)
 * @param snapshotChunkBytes      bytes per InstallSnapshot message
 * @param preVote                 ask for pre-votes before raising the term, so a node that was cut off cannot
 *                                disrupt a healthy leader when it returns
 * @param checkQuorum             a leader steps down when it has not heard from a quorum for E ticks, and a
 *                                follower that heard from its leader within E ticks ignores vote requests
 * @param snapshotEveryEntries    take a snapshot once this many entries were applied since the last one
 * @param snapshotEveryBytes      or once entries of this many bytes were (large commands, such as jars); the
 *                                log behind such a snapshot is compacted whole, so the bytes leave the disk
 * @param entriesKeptAfterSnapshot entries kept in the log behind a snapshot, so slightly slow followers catch up
 *                                without a snapshot
 * @param maxClientSessions       clients whose last sequence number and result are remembered for
 *                                de-duplication; the one with the oldest last command is forgotten first
 */
public record RaftConfig(String self, List<String> members, int electionTicks, int heartbeatTicks,
                         int maxEntriesPerAppend, int maxBytesPerAppend, int maxInflightAppends,
                         int snapshotChunkBytes, boolean preVote, boolean checkQuorum, int snapshotEveryEntries,
                         long snapshotEveryBytes, int entriesKeptAfterSnapshot, int maxClientSessions) {

    public RaftConfig {
        members = List.copyOf(members);
        if (members.size() != 1 && members.size() != 3 && members.size() != 5) {
            throw new IllegalArgumentException("raft members: a group has 1, 3 or 5 nodes, got " + members.size()
                    + " " + members);
        }
        if (new HashSet<>(members).size() != members.size()) {
            throw new IllegalArgumentException("raft members: node ids must be distinct, got " + members);
        }
        for (String m : members) {
            if (m == null || m.isBlank()) {
                throw new IllegalArgumentException("raft members: a node id is empty in " + members);
            }
        }
        if (!members.contains(self)) {
            throw new IllegalArgumentException("raft self: '" + self + "' is not one of the members " + members);
        }
        atLeast("electionTicks", electionTicks, 2);
        atLeast("heartbeatTicks", heartbeatTicks, 1);
        if (heartbeatTicks * 2 > electionTicks) {
            throw new IllegalArgumentException("raft heartbeatTicks: " + heartbeatTicks + " must be at most half of"
                    + " electionTicks (" + electionTicks + "), or followers campaign between heartbeats");
        }
        atLeast("maxEntriesPerAppend", maxEntriesPerAppend, 1);
        atLeast("maxBytesPerAppend", maxBytesPerAppend, 1024);
        atLeast("maxInflightAppends", maxInflightAppends, 1);
        atLeast("snapshotChunkBytes", snapshotChunkBytes, 1);
        atLeast("snapshotEveryEntries", snapshotEveryEntries, 1);
        if (snapshotEveryBytes < 1) {
            throw new IllegalArgumentException("raft snapshotEveryBytes: must be at least 1, got " + snapshotEveryBytes);
        }
        atLeast("entriesKeptAfterSnapshot", entriesKeptAfterSnapshot, 0);
        atLeast("maxClientSessions", maxClientSessions, 1);
    }

    /** The defaults: E = 10 ticks, heartbeat every tick, batches of 256 entries or 1 MiB, 16 in flight. */
    public static RaftConfig of(String self, List<String> members) {
        return new RaftConfig(self, members, 10, 1, 256, 1 << 20, 16, 512 << 10, true, true, 10_000, 32L << 20, 1_000, 10_000);
    }

    public RaftConfig withTimeouts(int newElectionTicks, int newHeartbeatTicks) {
        return new RaftConfig(self, members, newElectionTicks, newHeartbeatTicks, maxEntriesPerAppend,
                maxBytesPerAppend, maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum, snapshotEveryEntries, snapshotEveryBytes,
                entriesKeptAfterSnapshot, maxClientSessions);
    }

    public RaftConfig withBatching(int entriesPerAppend, int bytesPerAppend, int inflightAppends) {
        return new RaftConfig(self, members, electionTicks, heartbeatTicks, entriesPerAppend, bytesPerAppend,
                inflightAppends, snapshotChunkBytes, preVote, checkQuorum, snapshotEveryEntries, snapshotEveryBytes,
                entriesKeptAfterSnapshot, maxClientSessions);
    }

    public RaftConfig withElectionSafeguards(boolean newPreVote, boolean newCheckQuorum) {
        return new RaftConfig(self, members, electionTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                maxInflightAppends, snapshotChunkBytes, newPreVote, newCheckQuorum, snapshotEveryEntries, snapshotEveryBytes,
                entriesKeptAfterSnapshot, maxClientSessions);
    }

    public RaftConfig withSnapshots(int everyEntries, int keptAfterSnapshot, int chunkBytes) {
        return new RaftConfig(self, members, electionTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                maxInflightAppends, chunkBytes, preVote, checkQuorum, everyEntries, snapshotEveryBytes, keptAfterSnapshot,
                maxClientSessions);
    }

    public RaftConfig withSnapshotBytes(long everyBytes) {
        return new RaftConfig(self, members, electionTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum, snapshotEveryEntries, everyBytes,
                entriesKeptAfterSnapshot, maxClientSessions);
    }

    public RaftConfig withMaxClientSessions(int sessions) {
        return new RaftConfig(self, members, electionTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum, snapshotEveryEntries, snapshotEveryBytes,
                entriesKeptAfterSnapshot, sessions);
    }

    /** The same settings for another member of the group. */
    public RaftConfig forMember(String member) {
        return new RaftConfig(member, members, electionTicks, heartbeatTicks, maxEntriesPerAppend, maxBytesPerAppend,
                maxInflightAppends, snapshotChunkBytes, preVote, checkQuorum, snapshotEveryEntries, snapshotEveryBytes,
                entriesKeptAfterSnapshot, maxClientSessions);
    }

    /** How many nodes make a majority. */
    public int quorum() {
        return members.size() / 2 + 1;
    }

    /** The members other than {@code self}. */
    public List<String> peers() {
        return members.stream().filter(m -> !m.equals(self)).toList();
    }

    private static void atLeast(String name, long value, long min) {
        if (value < min) {
            throw new IllegalArgumentException("raft " + name + ": must be at least " + min + ", got " + value);
        }
    }
}
