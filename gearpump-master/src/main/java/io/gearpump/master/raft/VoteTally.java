package io.gearpump.master.raft;

import java.util.HashSet;
import java.util.Set;

/** The answers to one (pre-)vote campaign; a voter counts once however often its answer arrives. */
final class VoteTally {

    private final int quorum;
    private final Set<String> granted = new HashSet<>();
    private final Set<String> refused = new HashSet<>();

    VoteTally(int quorum) {
        this.quorum = quorum;
    }

    void record(String voter, boolean grant) {
        if (!granted.contains(voter) && !refused.contains(voter)) {
            (grant ? granted : refused).add(voter);
        }
    }

    boolean won() {
        return granted.size() >= quorum;
    }

    boolean lost() {
        return refused.size() >= quorum;
    }
}
