package io.gearpump.master.cluster;

import io.gearpump.core.cluster.Peer;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The workers the master knows: soft state rebuilt from registrations and heartbeats. Also the
 * scheduler over their slots: executors go to the live worker with the most free slots. Confined to
 * the master agent's thread.
 */
final class WorkerRegistry {

    static final class Worker {
        final int id;
        final String address;
        final int slots;
        final Peer peer;
        int used;
        int pending; // slots reserved for launches not answered yet
        long lastHeartbeatMillis;
        List<ExecutorInfo> executors = List.of(); // as its last heartbeat listed them
        boolean alive = true;

        /** Alive by heartbeat and still connected (a killed worker's connection drops before its heartbeats stop counting). */
        boolean isUsable() {
            return alive && peer.isOpen();
        }

        Worker(int id, String address, int slots, Peer peer, long now) {
            this.id = id;
            this.address = address;
            this.slots = slots;
            this.peer = peer;
            this.lastHeartbeatMillis = now;
        }
    }

    private final Map<Integer, Worker> workers = new TreeMap<>();

    /** Adds a worker under {@code id} (from the replicated counter, or its id under an earlier leader). */
    Worker register(int id, String address, int slots, Peer peer, long now) {
        workers.values().forEach(old -> {
            if (old.peer == peer) {
                old.alive = false; // the same worker registering again: the old entry goes, its connection stays
            }
        });
        Worker w = new Worker(id, address, slots, peer, now);
        workers.put(w.id, w);
        return w;
    }

    /**
     * Whether a worker registering again may keep {@code id}: when this master never knew it (it
     * leads since a failover) or has not declared it dead (a reconnection). A worker declared dead
     * has had its work moved, so it comes back under a new id and stops the executors it still runs.
     */
    boolean mayKeep(int id) {
        Worker w = workers.get(id);
        return w == null || w.alive;
    }

    Worker get(int id) {
        Worker w = workers.get(id);
        return w != null && w.isUsable() ? w : null;
    }

    /** Picks a worker for each of {@code count} executors, spreading them; empty when there are not enough slots. */
    List<Worker> place(int count) {
        List<Worker> chosen = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            Worker best = workers.values().stream().filter(w -> w.isUsable() && w.used < w.slots)
                    .max(Comparator.comparingInt(w -> w.slots - w.used)).orElse(null); // ties: lowest id
            if (best == null) {
                chosen.forEach(w -> {
                    w.used--;
                    w.pending--;
                });
                return List.of();
            }
            best.used++;
            best.pending++;
            chosen.add(best);
        }
        return chosen;
    }

    /** Whether {@link #place} would find a slot for one executor. */
    boolean hasFreeSlot() {
        return workers.values().stream().anyMatch(w -> w.isUsable() && w.used < w.slots);
    }

    int freeSlots() {
        return workers.values().stream().filter(Worker::isUsable).mapToInt(w -> w.slots - w.used).sum();
    }

    /** Workers silent for longer than {@code timeoutMillis} are declared dead; returns them. */
    List<Worker> expire(long now, long timeoutMillis) {
        List<Worker> dead = new ArrayList<>();
        for (Worker w : workers.values()) {
            if (w.alive && (now - w.lastHeartbeatMillis > timeoutMillis || !w.peer.isOpen())) {
                w.alive = false;
                w.used = 0; // its executors went with it: a dead worker holds no slots
                dead.add(w);
            }
        }
        return dead;
    }

    /** Forgets every worker (this master stopped leading; workers register with the next leader). */
    List<Worker> clear() {
        List<Worker> all = all();
        workers.clear();
        return all;
    }

    List<Worker> all() {
        return new ArrayList<>(workers.values());
    }
}
