package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.AppMasterProtocol.ReportApp;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the leading master knows without Raft: the workers, where each application's executors and
 * AppMaster run, the AppMasters' last reports and connections. A new leader starts it empty and
 * rebuilds it from registrations, heartbeats and reports. Confined to the master agent's thread.
 */
final class SoftState {

    final WorkerRegistry workers = new WorkerRegistry();
    final AppMasterWatch appMasters;
    final Map<Integer, ReportApp> reports = new HashMap<>();
    final MetricsHistory metrics = new MetricsHistory();
    final Map<Integer, Peer> appMasterPeers = new HashMap<>();
    final Map<Integer, Set<Integer>> workersByApp = new HashMap<>();
    final Set<Integer> launching = new HashSet<>(); // AppMaster launches under way
    final Map<Integer, AwaitingSlot> awaitingSlot = new HashMap<>(); // AppMasters waiting for a worker with room
    final Map<Integer, Boolean> retiring = new HashMap<>(); // workers declared dead, not yet retired: id -> retirement in flight
    private final Map<Integer, Long> clockReplicatedAt = new HashMap<>();

    /** An AppMaster to launch once a worker has room: {@code first}, of the epoch recorded already; waiting since then. */
    record AwaitingSlot(boolean first, long sinceMillis) {
    }

    SoftState(int maxAppMasterRelaunches) {
        this.appMasters = new AppMasterWatch(maxAppMasterRelaunches);
    }

    void runsOn(int appId, int workerId) {
        workersByApp.computeIfAbsent(appId, k -> new HashSet<>()).add(workerId);
    }

    /** An ended application's clock is never replicated again. */
    void ended(int appId) {
        clockReplicatedAt.remove(appId);
    }

    /** Whether an application's clock is due to be replicated again; if so, counts it as done now. */
    boolean clockDue(int appId, long now, long intervalMillis) {
        Long last = clockReplicatedAt.get(appId);
        if (last != null && now - last < intervalMillis) {
            return false;
        }
        clockReplicatedAt.put(appId, now);
        return true;
    }

    /** Forgets everything; returns the connections of the workers and AppMasters known until now. */
    List<Peer> clear() {
        List<Peer> peers = new ArrayList<>();
        workers.clear().forEach(w -> peers.add(w.peer));
        peers.addAll(appMasterPeers.values());
        reports.clear();
        appMasterPeers.clear();
        workersByApp.clear();
        launching.clear();
        awaitingSlot.clear();
        appMasters.clear();
        clockReplicatedAt.clear();
        retiring.clear();
        return peers;
    }
}
