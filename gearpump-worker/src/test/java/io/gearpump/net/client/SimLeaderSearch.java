package io.gearpump.net.client;

import io.gearpump.core.cluster.ClusterException;

import java.time.Duration;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * {@link LeaderSearch}, the bookkeeping {@link MasterLink} follows to find the leader, for the
 * simulation's master link: the same rules (which failures are the caller's, which redirects to
 * follow, the pause after a round, the window from the first failure, the message of a give-up) on
 * the simulation's clock.
 */
public final class SimLeaderSearch {

    private final LeaderSearch search;

    public SimLeaderSearch(List<String> masters, Duration window, LongSupplier nanoClock) {
        this.search = new LeaderSearch(masters, window, nanoClock);
    }

    /** The failure itself when it is the caller's (a refusal, an error the leader answered); null when another try may answer. */
    public static RuntimeException callersError(Throwable error) {
        return LeaderSearch.callersError(error);
    }

    /** Records a failure at {@code address}; returns the leader it named, to try next, or null to take the next master. */
    public String failed(String address, Throwable error) {
        return search.failed(address, error);
    }

    /** Records that no connection to {@code address} could be opened. */
    public void unreachable(String address, String why) {
        search.unreachable(address, why);
    }

    public long pauseMillis() {
        return search.pauseMillis();
    }

    public boolean expired() {
        return search.expired();
    }

    public ClusterException gaveUp(String requestType) {
        return search.gaveUp(requestType);
    }
}
