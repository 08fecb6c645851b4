package io.gearpump.master.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.ClientProtocol.AppReport;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;

/**
 * The leader's long-polls ({@code AwaitApp}): clients waiting for an application to leave the state
 * they know, each until its deadline. The agent answers them; this only keeps them, keyed by
 * application. Deadlines are the agent's time ({@code now} of its steps). Confined to the master
 * agent's thread.
 */
final class AppWaiters {

    /** One parked request: answered when {@code appId} is no longer in {@code known}, or at {@code deadlineMillis}. */
    record Waiter(int appId, AppState known, long deadlineMillis, CompletableFuture<AppReport> reply) {
    }

    private final Map<Integer, List<Waiter>> byApp = new HashMap<>();
    private long nextDeadline = Long.MAX_VALUE;

    void park(Waiter w) {
        byApp.computeIfAbsent(w.appId(), k -> new ArrayList<>()).add(w);
        nextDeadline = Math.min(nextDeadline, w.deadlineMillis());
    }

    /** Removes and returns the waiters of {@code appId} that know another state than {@code now}. */
    List<Waiter> changed(int appId, AppState now) {
        List<Waiter> waiting = byApp.get(appId);
        List<Waiter> out = new ArrayList<>();
        if (waiting == null) {
            return out;
        }
        waiting.removeIf(w -> w.known() != now && out.add(w));
        if (waiting.isEmpty()) {
            byApp.remove(appId);
        }
        return out;
    }

    /** Removes and returns the waiters whose deadline is {@code nowMillis} or earlier. */
    List<Waiter> expired(long nowMillis) {
        List<Waiter> out = new ArrayList<>();
        if (nowMillis < nextDeadline) {
            return out;
        }
        nextDeadline = Long.MAX_VALUE;
        for (Iterator<List<Waiter>> it = byApp.values().iterator(); it.hasNext(); ) {
            List<Waiter> waiting = it.next();
            for (Iterator<Waiter> w = waiting.iterator(); w.hasNext(); ) {
                Waiter next = w.next();
                if (next.deadlineMillis() <= nowMillis) {
                    out.add(next);
                    w.remove();
                } else {
                    nextDeadline = Math.min(nextDeadline, next.deadlineMillis());
                }
            }
            if (waiting.isEmpty()) {
                it.remove();
            }
        }
        return out;
    }

    /** Removes and returns every waiter. */
    List<Waiter> clear() {
        List<Waiter> out = new ArrayList<>();
        byApp.values().forEach(out::addAll);
        byApp.clear();
        nextDeadline = Long.MAX_VALUE;
        return out;
    }

    /** The applications someone waits for. */
    List<Integer> apps() {
        return new ArrayList<>(byApp.keySet());
    }
}
