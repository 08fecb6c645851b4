package io.gearpump.master.cluster;

import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Where each application's AppMaster runs, and whether it still does: an AppMaster is lost when
 * its worker dies or when its worker's heartbeat shows its process gone. The master then launches
 * a new one, at most {@code maxRelaunches} times per application. Confined to the master agent's thread.
 */
final class AppMasterWatch {

    private record Placement(int workerId, int relaunches, long launchedMillis) {
    }

    private final int maxRelaunches;
    private final Map<Integer, Placement> byApp = new HashMap<>();

    AppMasterWatch(int maxRelaunches) {
        this.maxRelaunches = maxRelaunches;
    }

    void launched(int appId, int workerId, long now) {
        Placement before = byApp.get(appId);
        byApp.put(appId, new Placement(workerId, before == null ? 0 : before.relaunches(), now));
    }

    /** A launch that failed (the worker refused, or its connection broke): the AppMaster is on no worker, and lost. */
    void launchFailed(int appId, long now) {
        launched(appId, -1, now);
    }

    /** An AppMaster a worker reports running that this master did not launch (it leads since a failover). */
    void adopt(int appId, int workerId, long now) {
        byApp.putIfAbsent(appId, new Placement(workerId, 0, now));
    }

    /** Whether this master knows where the application's AppMaster is (or that it was lost and handled). */
    boolean knows(int appId) {
        return byApp.containsKey(appId);
    }

    void clear() {
        byApp.clear();
    }

    /**
     * Applications whose AppMaster ran on this worker and is not among its live executors; a
     * heartbeat within {@code graceMillis} of the launch may predate it and proves nothing.
     */
    List<Integer> lostOn(int workerId, List<ExecutorInfo> executors, long now, long graceMillis) {
        List<Integer> lost = new ArrayList<>();
        byApp.forEach((appId, p) -> {
            if (p.workerId() == workerId && now - p.launchedMillis() > graceMillis
                    && executors.stream().noneMatch(e -> e.appId() == appId && e.executorId() == 0 && e.alive())) {
                lost.add(appId);
            }
        });
        lost.forEach(this::claim);
        return lost;
    }

    /** Applications whose AppMaster ran on a worker that died. */
    List<Integer> onDeadWorker(int workerId) {
        List<Integer> lost = new ArrayList<>();
        byApp.forEach((appId, p) -> {
            if (p.workerId() == workerId) {
                lost.add(appId);
            }
        });
        lost.forEach(this::claim);
        return lost;
    }

    /** A reported loss is handled once: the AppMaster is on no worker until launched again. */
    private void claim(int appId) {
        Placement p = byApp.get(appId);
        byApp.put(appId, new Placement(-1, p.relaunches(), p.launchedMillis()));
    }

    /** Counts one relaunch; false when the application has had its share. */
    boolean mayRelaunch(int appId) {
        Placement p = byApp.get(appId);
        if (p == null || p.relaunches() >= maxRelaunches) {
            return false;
        }
        byApp.put(appId, new Placement(-1, p.relaunches() + 1, p.launchedMillis()));
        return true;
    }

    void ended(int appId) {
        byApp.remove(appId);
    }
}
