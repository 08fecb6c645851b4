package io.gearpump.net.client;

import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;

import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.ConnectionLostException;
import io.gearpump.net.rpc.NotConnectedException;
import io.gearpump.net.rpc.RemoteException;
import io.gearpump.net.rpc.RequestTimeoutException;
import io.gearpump.net.rpc.RpcErrorCode;
import io.gearpump.net.rpc.RpcException;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;
import java.util.function.LongSupplier;

/**
 * One request's search for the leader of a master group, as bookkeeping: what each master said
 * last, when a round of tries has failed (pause before the next, so a search never hammers the
 * masters), when the failover window is over, and the message that says why the request failed.
 * The window starts at the first failure, so a request that was slow to fail still gets the whole
 * window to find the new leader. Confined to the thread searching; time comes from the injected clock.
 */
final class LeaderSearch {

    /** The pause after every master failed once: short, as an election takes a few hundred ms, but never a busy loop. */
    static final Duration ROUND_PAUSE = Duration.ofMillis(50);

    /** What a master said (or did) last; {@code answered} is false when it did not answer at all. */
    private record Outcome(boolean answered, String text) {
    }

    private final List<String> masters;
    private final long windowNanos;
    private final LongSupplier nanoClock;
    private final Map<String, Outcome> outcomes = new LinkedHashMap<>();
    private final Set<String> unreachableThisRound = new HashSet<>();
    private int failuresThisRound;
    private boolean started;
    private long deadline;
    private Throwable last;

    LeaderSearch(List<String> masters, Duration window, LongSupplier nanoClock) {
        this.masters = masters;
        this.windowNanos = window.toNanos();
        this.nanoClock = nanoClock;
    }

    /**
     * The failure itself when it is the caller's to handle: a master answered with an error other than
     * a redirect (e.g. "unknown application id 7"), or something not from the network at all. Null
     * when another master (or this one, later) may answer.
     */
    static RuntimeException callersError(Throwable error) {
        Throwable e = unwrap(error);
        if (e instanceof RemoteException r) {
            return r.code() == RpcErrorCode.REDIRECT ? null : r;
        }
        if (e instanceof RpcException) {
            return null; // no answer (timeout, lost or no connection): the request goes to another master
        }
        return e instanceof RuntimeException r ? r : new IllegalStateException(e.toString(), e);
    }

    /**
     * Records a failure of the request at {@code address} that {@link #callersError} let through;
     * returns the leader that master named, to try next, or null to try the next master in turn.
     */
    String failed(String address, Throwable error) {
        Throwable e = unwrap(error);
        counted(e);
        if (e instanceof RemoteException r) { // REDIRECT
            String leader = r.remoteMessage() == null ? "" : r.remoteMessage().trim();
            outcomes.put(address, new Outcome(true, leader.isEmpty() ? "not the leader, no leader known"
                    : "not the leader, names " + leader));
            return usable(leader, address) ? leader : null;
        }
        notAnswered(address, why(e));
        return null;
    }

    /** Records that no connection to {@code address} could be opened, and why. */
    void unreachable(String address, String why) {
        counted(null);
        notAnswered(address, why);
    }

    /**
     * Records that a dial to {@code address} did not finish within {@code waited}; a reason known from
     * before stays (the wait may have been cut short by the end of the window).
     */
    void noConnectionWithin(String address, Duration waited) {
        counted(null);
        if (outcomes.containsKey(address)) {
            unreachableThisRound.add(address);
        } else {
            notAnswered(address, "no connection within " + waited.toMillis() + " ms");
        }
    }

    /** How long to wait before the next try: the round pause once every master has failed once, else 0. */
    long pauseMillis() {
        if (failuresThisRound < masters.size()) {
            return 0;
        }
        failuresThisRound = 0;
        unreachableThisRound.clear();
        return Math.min(ROUND_PAUSE.toMillis(), Math.max(0, remainingNanos() / 1_000_000L));
    }

    /** True once the window since the first failure is over. */
    boolean expired() {
        return started && remainingNanos() <= 0;
    }

    /** How long one dial may take: at most {@code max}, and never past the window. */
    Duration dialWait(Duration max) {
        long limit = started ? Math.max(0, remainingNanos()) : windowNanos;
        return Duration.ofNanos(Math.min(max.toNanos(), limit));
    }

    /**
     * Why {@code requestType} failed: "no quorum" when some master answered but none leads, "no master
     * reachable" when none answered; either way with each master's last word.
     */
    ClusterException gaveUp(String requestType) {
        List<String> addresses = new ArrayList<>(masters);
        outcomes.keySet().stream().filter(a -> !addresses.contains(a)).forEach(addresses::add); // a leader named by a redirect
        boolean anyAnswered = outcomes.values().stream().anyMatch(Outcome::answered);
        List<String> parts = new ArrayList<>();
        for (String a : addresses) {
            Outcome o = outcomes.get(a);
            if (anyAnswered) {
                parts.add(a + ": " + (o == null ? "not tried" : o.answered() ? o.text() : "unreachable (" + o.text() + ")"));
            } else {
                parts.add(a + " (" + (o == null ? "not tried" : o.text()) + ")");
            }
        }
        String after = "; " + requestType + " gave up after looking for a leader for " + windowNanos / 1_000_000L + " ms ("
                + GearConfig.FAILOVER_TIMEOUT_MS.name() + ")";
        String message = anyAnswered
                ? "no quorum: no master leads (" + String.join("; ", parts) + ")" + after
                : "no master reachable: " + String.join(", ", parts) + after;
        ClusterException e = new ClusterException(anyAnswered ? ClusterError.NO_QUORUM : ClusterError.NO_MASTER, message);
        if (last != null) {
            e.initCause(last);
        }
        return e;
    }

    private void counted(Throwable e) {
        if (!started) {
            started = true;
            deadline = nanoClock.getAsLong() + windowNanos;
        }
        if (e != null) {
            last = e;
        }
        failuresThisRound++;
    }

    private void notAnswered(String address, String why) {
        outcomes.put(address, new Outcome(false, why));
        unreachableThisRound.add(address);
    }

    /** A redirect worth following: a well-formed address, not the master that sent it, not found dead this round. */
    private boolean usable(String leader, String from) {
        if (leader.isEmpty() || leader.equals(from) || unreachableThisRound.contains(leader)) {
            return false;
        }
        try {
            NodeContext.parseAddress(leader);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    private long remainingNanos() {
        return deadline - nanoClock.getAsLong();
    }

    private static String why(Throwable e) {
        return switch (e) {
            case RequestTimeoutException t -> "no answer within " + t.timeout().toMillis() + " ms";
            case ConnectionLostException l -> "connection lost: " + l.reason();
            case NotConnectedException n -> "not connected";
            default -> String.valueOf(e.getMessage());
        };
    }

    static Throwable unwrap(Throwable e) {
        while ((e instanceof CompletionException || e instanceof ExecutionException) && e.getCause() != null) {
            e = e.getCause();
        }
        return e;
    }
}
