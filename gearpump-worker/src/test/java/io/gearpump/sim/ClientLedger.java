package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.AwaitApp;
import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * What the client was told (the applications acknowledged and killed, the newest state it saw of
 * each) and what the masters had committed (the newest state a serving master's mirror showed), and
 * the checks of every answer the client gets against both as they were when it asked: reads are
 * linearizable, so no answer is older than either. An application's states only move forward:
 * SUBMITTED, then RUNNING, then a final state that never changes.
 */
final class ClientLedger {

    /** A long-poll on its way, with what its answer must at least say. */
    record Await(AwaitApp request, long sentAtMillis, AppState atLeast) {
    }

    private final SimWorld world;
    private final Consumer<String> fail;
    private final Set<Integer> acked = new TreeSet<>();
    private final Set<Integer> killed = new TreeSet<>();
    private final Map<Integer, AppState> seen = new TreeMap<>();
    private final Map<Integer, AppState> committed = new TreeMap<>();
    int awaits;
    int awaitsAnswered;

    ClientLedger(SimWorld world, Consumer<String> fail) {
        this.world = world;
        this.fail = fail;
    }

    Set<Integer> acknowledged() {
        return new TreeSet<>(acked);
    }

    Set<Integer> killed() {
        return new TreeSet<>(killed);
    }

    /** A serving master's mirror shows {@code state}: it is committed. */
    void committed(int appId, AppState state) {
        committed.merge(appId, state, ClientLedger::newer);
    }

    void submitted(AppSubmitted s) {
        acked.add(s.appId());
        seen.merge(s.appId(), AppState.SUBMITTED, ClientLedger::newer);
    }

    /** A list the client asked for when {@code ackedBefore} had been acknowledged: linearizable, so it holds them all. */
    void listed(Set<Integer> ackedBefore, List<AppSummary> apps, String by) {
        Set<Integer> listed = new TreeSet<>();
        apps.forEach(a -> listed.add(a.appId()));
        if (!listed.containsAll(ackedBefore)) {
            fail.accept("a list answered by " + by + " lost acknowledged applications: it has " + listed
                    + ", acknowledged before " + ackedBefore);
        }
        apps.forEach(a -> seen.merge(a.appId(), a.state(), ClientLedger::newer));
    }

    KillApp killRequest() {
        Integer app = anAcknowledged();
        return app == null ? null : new KillApp(app);
    }

    void killedApp(AppSummary s) {
        killed.add(s.appId());
        seen.merge(s.appId(), s.state(), ClientLedger::newer);
    }

    /**
     * A long-poll for an acknowledged application: mostly from the state the client saw last (it waits for
     * a change), sometimes from SUBMITTED (an answer at once, once the application has moved on).
     */
    Await awaitRequest() {
        Integer app = anAcknowledged();
        if (app == null) {
            return null;
        }
        AppState known = world.random.nextInt(4) == 0 ? AppState.SUBMITTED : seen.get(app);
        AwaitApp request = new AwaitApp(app, known, world.random.nextInt(8_000));
        awaits++;
        return new Await(request, world.now(), newer(seen.get(app), committed.getOrDefault(app, AppState.SUBMITTED)));
    }

    /**
     * The answer to a long-poll: at least as new as what the client had seen and the masters had
     * committed when it asked (so the final state, if the application had ended); the state the client
     * said it knew only once the wait has passed; and never "unknown" for an acknowledged application.
     */
    void awaited(Await w, AppReport report, Throwable error, String by) {
        if (error != null) {
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof ClusterException c && c.error() == ClusterError.UNKNOWN_APP) {
                fail.accept("an await answered by " + by + " calls acknowledged application " + w.request().appId() + " unknown");
            }
            return; // no leader answered in time: the client asks again later
        }
        awaitsAnswered++;
        AppState got = report.summary().state();
        String what = "an await for application " + w.request().appId() + " knowing " + w.request().knownState() + ", sent at "
                + (w.sentAtMillis() - 1_000_000) + " ms and answered by " + by + ",";
        if (rank(got) < rank(w.atLeast()) || (w.atLeast().isFinal() && got != w.atLeast())) {
            fail.accept(what + " says " + got + ", older than " + w.atLeast() + " which was committed or seen before it was sent");
        }
        long waited = world.now() - w.sentAtMillis();
        if (got == w.request().knownState() && waited < w.request().waitMillis()) {
            fail.accept(what + " came back with the state it knew after " + waited + " ms of a " + w.request().waitMillis()
                    + " ms wait");
        }
        seen.merge(w.request().appId(), got, ClientLedger::newer);
    }

    private Integer anAcknowledged() {
        if (acked.isEmpty()) {
            return null;
        }
        List<Integer> ids = new ArrayList<>(acked);
        return ids.get(world.random.nextInt(ids.size()));
    }

    /** SUBMITTED, then RUNNING, then the final states (of equal rank: one never follows another). */
    private static int rank(AppState s) {
        return switch (s) {
            case SUBMITTED -> 0;
            case RUNNING -> 1;
            case SUCCEEDED, FAILED, KILLED -> 2;
        };
    }

    private static AppState newer(AppState a, AppState b) {
        return rank(b) > rank(a) ? b : a;
    }
}
