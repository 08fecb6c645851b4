package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;

/**
 * What must hold in the simulated cluster, checked after every step against the live processes and
 * what a serving leader has committed (the client's answers are {@link ClientLedger}'s to check).
 * Ids never repeat; fencing: at most one AppMaster of an application starts tasks, and the tasks of a
 * replaced one run on only where the masters cannot reach them; an application has one AppMaster, and
 * no AppMaster or executor outlives its application or its worker's retirement, but for a grace once
 * its host can reach a serving master; after the settling every application runs or has ended.
 * A violation goes to {@code fail}, which throws.
 */
final class Invariants {

    private final ClusterSimulation.Settings settings;
    private final SimWorld world;
    private final ClientLedger ledger;
    private final Consumer<String> fail;
    private final Map<Integer, WorkerProcess> workerIds = new HashMap<>();
    private final Set<String> executorIds = new HashSet<>();
    private final Map<Integer, Long> finalSince = new HashMap<>();
    private final Map<Integer, Long> twoAttemptsSince = new HashMap<>();
    private final Map<Integer, Long> twoAppMastersSince = new HashMap<>();
    private final Map<Integer, Long> retiredSince = new HashMap<>();
    private final Map<Integer, TreeMap<Integer, Long>> epochSince = new HashMap<>(); // app -> epoch -> first seen at the leader
    private List<ChildProcess> children = List.of(); // the live ones, as of the last check
    private long leaderlessAt; // the last step at which no master served
    private MasterProcess scannedLeader; // whose mirror was read last, and at which applied index
    private long scannedIndex = -1;
    private long longestOverlap; // the longest two AppMasters' tasks ran at once where the masters reach

    Invariants(ClusterSimulation.Settings settings, SimWorld world, ClientLedger ledger, Consumer<String> fail) {
        this.settings = settings;
        this.world = world;
        this.ledger = ledger;
        this.fail = fail;
    }

    /** The longest the tasks of a replaced AppMaster ran beside its replacement's where the masters could reach them. */
    long longestOverlap() {
        return longestOverlap;
    }

    /** A worker launches an AppMaster or an executor: executor ids never repeat per application (AppMasters are all 0). */
    void launched(LaunchExecutor l) {
        if (!l.appMaster() && !executorIds.add(l.appId() + "/" + l.executorId())) {
            fail.accept("executor " + l.executorId() + " of application " + l.appId() + " launched twice");
        }
    }

    /** After every step: what a serving leader has committed, then every invariant over the live children. */
    void check(long now, MasterProcess leader, List<WorkerProcess> workers, List<ChildProcess> children) {
        this.children = children;
        for (WorkerProcess w : workers) {
            int id = w.worker.workerId();
            if (w.alive && id > 0 && id != w.checkedId) {
                w.checkedId = id;
                if (workerIds.computeIfAbsent(id, k -> w) != w) {
                    fail.accept("worker id " + id + " given to " + w.address + " and before to " + workerIds.get(id).address);
                }
            }
        }
        if (leader == null) {
            leaderlessAt = now;
        } else if (leader != scannedLeader || leader.master.appliedIndex() != scannedIndex) {
            scannedLeader = leader;
            scannedIndex = leader.master.hasInput() ? -1 : leader.master.appliedIndex(); // its mirror may lag: read it again
            for (int app : leader.master.appIds()) {
                AppState state = leader.master.appState(app);
                if (state != null && state.isFinal()) {
                    finalSince.putIfAbsent(app, now);
                }
                epochSince.computeIfAbsent(app, k -> new TreeMap<>()).putIfAbsent(leader.master.appMasterEpoch(app), now);
                if (state != null) {
                    ledger.committed(app, state);
                }
            }
            leader.master.retiredWorkers().forEach(id -> retiredSince.putIfAbsent(id, now));
        }
        checkOneAttemptRunsTasks(now);
        checkOneAppMaster(now);
        checkNoOrphanedChildren(now);
    }

    /**
     * The grace a process that was cut off from the masters has, once it can reach them again, to learn
     * what happened meanwhile and act on it: the connection it had dies of the partition or is found
     * dead (the heartbeat timeout), the link finds the leader again (the failover timeout), and a few
     * heartbeats. The same window a false death has today, before the worker comes back under a new id.
     */
    private long grace() {
        return settings.orphanGraceMillis();
    }

    /** Whether {@code p}'s host has been able to reach a serving master for longer than the grace. */
    private boolean reachable(SimProcess p, long now) {
        return now - reachableSince(p) > grace();
    }

    /**
     * Since when {@code p} has been able to reach a serving master ({@link Long#MAX_VALUE} while it cannot): a
     * partition must have healed and a leader must serve, or nothing can tell it what happened.
     */
    private long reachableSince(SimProcess p) {
        long since = world.reachableSince(p.host);
        return since == Long.MAX_VALUE || leaderlessAt == world.now() ? Long.MAX_VALUE : Math.max(since, leaderlessAt);
    }

    /**
     * Fencing: tasks run for at most one AppMaster of an application at a time. The newest AppMaster
     * that runs tasks is the current one; tasks an older one started may run beside them only on a host
     * the masters cannot reach (or could not until less than the grace ago), which nothing can stop
     * before the partition heals, and elsewhere for at most {@link ClusterSimulation.Settings#fenceMillis}: the time the
     * leader needs to see, by a worker's heartbeat, that an executor serves an AppMaster it has replaced,
     * and stop it.
     */
    private void checkOneAttemptRunsTasks(long now) {
        Set<Integer> twoAppMasters = null;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof ExecutorProcess e && e.runsTasks()) {
                for (int j = 0; j < i; j++) { // few children live at once: no map needed to find a second AppMaster
                    if (children.get(j) instanceof ExecutorProcess o && o.appId == e.appId && o.appMaster != e.appMaster
                            && o.runsTasks()) {
                        (twoAppMasters == null ? twoAppMasters = new TreeSet<>() : twoAppMasters).add(e.appId);
                    }
                }
            }
        }
        if (twoAppMasters == null) {
            twoAttemptsSince.clear();
            return;
        }
        Map<Integer, TreeMap<Integer, List<ExecutorProcess>>> byApp = new TreeMap<>(); // app -> AppMaster launch -> executors
        for (ChildProcess c : children) {
            if (c instanceof ExecutorProcess e && e.runsTasks() && twoAppMasters.contains(e.appId)) {
                byApp.computeIfAbsent(e.appId, k -> new TreeMap<>()).computeIfAbsent(e.appMaster.launch, k -> new ArrayList<>()).add(e);
            }
        }
        Set<Integer> overlapping = new TreeSet<>();
        byApp.forEach((app, byAppMaster) -> {
            if (byAppMaster.size() < 2) {
                return;
            }
            List<ExecutorProcess> stale = new ArrayList<>();
            byAppMaster.headMap(byAppMaster.lastKey()).values().forEach(list -> list.stream()
                    .filter(e -> reachable(e, now)).forEach(stale::add));
            if (stale.isEmpty()) {
                return;
            }
            overlapping.add(app);
            long since = Math.max(twoAttemptsSince.computeIfAbsent(app, k -> now), leaderlessAt); // a leader stops them
            longestOverlap = Math.max(longestOverlap, now - since);
            if (now - since > settings.fenceMillis()) {
                List<ExecutorProcess> current = byAppMaster.lastEntry().getValue();
                fail.accept("application " + app + " has run tasks for two AppMasters at once for " + (now - since) + " ms: "
                        + describe(stale) + " beside " + describe(current));
            }
        });
        twoAttemptsSince.keySet().retainAll(overlapping);
    }

    /**
     * Fencing, literally: once the masters recorded an AppMaster's replacement, it starts no tasks (but for a
     * start already on its way, {@link ClusterSimulation.Settings#startSlackMillis}).
     */
    void startTasksArrived(ExecutorProcess e, long sentAt) {
        Map.Entry<Integer, Long> latest = epochSince.getOrDefault(e.appId, new TreeMap<>()).lastEntry();
        if (latest != null && latest.getKey() > e.appMaster.epoch && sentAt - latest.getValue() > settings.startSlackMillis()) {
            fail.accept(e.appMaster.address + " (epoch " + e.appMaster.epoch + ") started tasks on " + e.address + " at "
                    + (sentAt - 1_000_000) + " ms, " + (sentAt - latest.getValue()) + " ms after the masters recorded epoch "
                    + latest.getKey() + " of application " + e.appId);
        }
    }

    private String describe(List<ExecutorProcess> executors) {
        List<String> out = new ArrayList<>();
        executors.forEach(e -> out.add(e.address + " (for " + e.appMaster.address + " of epoch " + e.appMaster.epoch + ", attempt "
                + e.runningAttempt + " since " + (e.tasksSince - 1_000_000) + " ms)"));
        return out.toString();
    }

    /** An application has one AppMaster, but for the grace after a replacement (on hosts the masters can reach). */
    private void checkOneAppMaster(long now) {
        Set<Integer> twice = null;
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i) instanceof AppMasterProcess am) {
                for (int j = 0; j < i; j++) {
                    if (children.get(j) instanceof AppMasterProcess o && o.appId == am.appId) {
                        (twice == null ? twice = new HashSet<>() : twice).add(am.appId);
                    }
                }
            }
        }
        if (twice == null) {
            twoAppMastersSince.clear();
            return;
        }
        Map<Integer, List<AppMasterProcess>> byApp = new HashMap<>();
        for (ChildProcess c : children) {
            if (c instanceof AppMasterProcess am && twice.contains(am.appId) && reachable(am, now)) {
                byApp.computeIfAbsent(am.appId, k -> new ArrayList<>(2)).add(am);
            }
        }
        Set<Integer> doubled = new TreeSet<>();
        byApp.forEach((app, ams) -> {
            if (ams.size() > 1) {
                doubled.add(app);
                long since = twoAppMastersSince.computeIfAbsent(app, k -> now);
                if (now - since > grace()) {
                    fail.accept("application " + app + " has had " + ams.size() + " live AppMasters for " + (now - since) + " ms: " + ams);
                }
            }
        });
        twoAppMastersSince.keySet().retainAll(doubled);
    }

    /**
     * No AppMaster or executor outlives its application, or its worker's registration (retired: the
     * masters moved its work), by more than the grace once its host can reach the masters.
     */
    private void checkNoOrphanedChildren(long now) {
        for (ChildProcess c : children) { // alive, and so is its worker: a child dies with its worker
            Long ended = finalSince.get(c.appId);
            Long retired = retiredSince.get(c.workerId);
            if (ended == null && retired == null) {
                continue;
            }
            long reachableSince = reachableSince(c);
            if (reachableSince == Long.MAX_VALUE) {
                continue; // cut off, or no master serves: nothing can tell it to stop
            }
            if (ended != null && now - Math.max(ended, reachableSince) > grace()) {
                fail.accept(c.address + " of application " + c.appId + " still runs " + (now - ended) + " ms after the application ended");
            }
            if (retired != null && now - Math.max(retired, reachableSince) > grace()) {
                fail.accept(c.address + " of application " + c.appId + " still runs " + (now - retired) + " ms after its worker "
                        + c.workerId + " was retired");
            }
        }
    }

    /** After the settling: a leader serves, and every acknowledged application is RUNNING or has ended. */
    void settled(MasterProcess leader, List<ChildProcess> children) {
        if (leader == null) {
            fail.accept("no master serves after " + settings.settleMillis() + " ms without faults");
        }
        Set<Integer> killed = ledger.killed();
        for (int app : ledger.acknowledged()) {
            AppState state = leader.master.appState(app);
            if (state == null || state == AppState.SUBMITTED) {
                fail.accept("application " + app + " is " + state + " after the settling");
            }
            if (killed.contains(app) && state != AppState.KILLED && state != AppState.FAILED && state != AppState.SUCCEEDED) {
                fail.accept("application " + app + " was killed but is " + state);
            }
            boolean running = children.stream().anyMatch(c -> c instanceof ExecutorProcess e && e.appId == app && e.runsTasks());
            if (state == AppState.RUNNING && !running) {
                fail.accept("application " + app + " is RUNNING but no executor runs its tasks");
            }
        }
    }
}
