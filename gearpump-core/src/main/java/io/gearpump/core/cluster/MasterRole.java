package io.gearpump.core.cluster;

/**
 * A master as {@code bin/gear cluster} shows it: its Raft role, STOPPED when its Raft host has
 * stopped (e.g. a disk failure), UNREACHABLE when it did not answer. Travels by ordinal: append only.
 */
public enum MasterRole {
    LEADER, FOLLOWER, CANDIDATE, PRE_CANDIDATE, STOPPED, UNREACHABLE
}
