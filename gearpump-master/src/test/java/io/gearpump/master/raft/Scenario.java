package io.gearpump.master.raft;

import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * One seeded run of a {@link SimCluster} under random faults, with clients: a fault phase (lossy,
 * duplicating, reordering network; partitions, symmetric and not; crashes, some halfway through a
 * flush; restarts), then a calm phase (network healed, every node up) in which a leader must be
 * elected and a command committed within {@link #LIVENESS_UNITS}, and every client operation must
 * finish. Safety is checked after every step by the cluster's {@link SafetyChecker}; at the end the
 * clients' history is checked for linearizability. Any failure is an AssertionError.
 */
final class Scenario {

    static final int LIVENESS_UNITS = 2_000;

    record Result(long seed, long steps, long committed, int operations, int crashes, long messages,
                  long unitsToRecover) {
    }

    private final long seed;
    private final int size;
    private final int faultUnits;
    private final Random random;
    private final SimCluster cluster;
    private final SimClients clients;
    private final double crashRate;
    private final double partitionRate;

    Scenario(long seed, int size, int faultUnits) {
        this.seed = seed;
        this.size = size;
        this.faultUnits = faultUnits;
        this.random = new Random(seed ^ 0x5DEECE66DL);
        Random r = new Random(seed * 1_000_003);
        boolean preVote = r.nextInt(10) < 8;
        boolean checkQuorum = r.nextInt(10) < 8;
        int entries = 1 + r.nextInt(8);
        int inflight = 1 + r.nextInt(4);
        int snapshotEvery = 5 + r.nextInt(40);
        int kept = r.nextInt(6);
        int chunk = 16 + r.nextInt(200);
        cluster = new SimCluster(seed, size, cfg -> cfg.withElectionSafeguards(preVote, checkQuorum)
                .withBatching(entries, 4096, inflight).withSnapshots(snapshotEvery, kept, chunk));
        SimNetwork net = cluster.net;
        net.dropRate = pick(r, 0, 0.01, 0.05, 0.2);
        net.duplicateRate = pick(r, 0, 0.02, 0.1);
        net.maxDelay = (int) pick(r, 1, 5, 20, 40);
        net.longDelayRate = pick(r, 0, 0, 0.01);
        net.longDelay = 400;
        cluster.syncCrashRate = pick(r, 0, 0, 0.002, 0.01);
        crashRate = pick(r, 0, 0.0005, 0.001, 0.003);
        partitionRate = pick(r, 0, 0.0005, 0.001, 0.003);
        clients = new SimClients(cluster, new Random(seed + 17), 2 + r.nextInt(4), List.of("a", "b"));
        clients.opRate = pick(r, 0.005, 0.02, 0.05, 0.2);
        clients.timeout = (int) pick(r, 100, 300, 1000);
    }

    private static double pick(Random r, double... choices) {
        return choices[r.nextInt(choices.length)];
    }

    Result run() {
        long recovered;
        try {
            for (int t = 0; t < faultUnits; t++) {
                injectFaults();
                clients.step();
                cluster.step();
            }
            calmDown();
            recovered = checkLiveness();
            checkLinearizable();
        } catch (AssertionError | RuntimeException e) {
            throw new AssertionError("seed " + seed + " (" + size + " nodes) failed at " + cluster + ": " + e
                    + "\n  replay with -Draft.seed=" + seed + " -Draft.nodes=" + size, e);
        }
        return new Result(seed, cluster.now, cluster.checker.committedCount(), clients.history.size(), cluster.crashes,
                cluster.net.sent, recovered);
    }

    private void injectFaults() {
        double u = random.nextDouble();
        if (u < crashRate) {
            String id = anyNode();
            if (cluster.isUp(id)) {
                cluster.crash(id);
            }
        } else if (u < crashRate * 6) {
            String id = anyNode();
            if (!cluster.isUp(id)) {
                cluster.restart(id);
            }
        }
        double v = random.nextDouble();
        if (v < partitionRate) {
            partition();
        } else if (v < partitionRate * 4 && cluster.net.partitioned()) {
            cluster.net.heal();
        }
    }

    private void partition() {
        SimNetwork net = cluster.net;
        List<String> ids = cluster.ids;
        String victim = random.nextBoolean() && cluster.leader() != null ? cluster.leader() : anyNode();
        switch (random.nextInt(6)) {
            case 5 -> net.partition(ids, Set.of(victim));
            case 0 -> net.partition(ids, Set.of(victim));
            case 1 -> {
                Set<String> side = new HashSet<>();
                for (String id : ids) {
                    if (random.nextBoolean()) {
                        side.add(id);
                    }
                }
                net.partition(ids, side);
            }
            case 2 -> ids.stream().filter(id -> !id.equals(victim)).forEach(id -> net.cut(id, victim)); // hears nothing
            case 3 -> ids.stream().filter(id -> !id.equals(victim)).forEach(id -> net.cut(victim, id)); // is not heard
            default -> {
                for (String a : ids) {
                    for (String b : ids) {
                        if (!a.equals(b) && random.nextInt(10) < 3) {
                            net.cut(a, b);
                        }
                    }
                }
            }
        }
    }

    private String anyNode() {
        return cluster.ids.get(random.nextInt(cluster.ids.size()));
    }

    private void calmDown() {
        cluster.net.calm();
        cluster.syncCrashRate = 0;
        cluster.restartAll();
        clients.generating = false;
    }

    /** Returns how long after the faults stopped a command committed. */
    private long checkLiveness() {
        long start = cluster.now;
        byte[] answer = null;
        long sequence = 1;
        while (answer == null && cluster.now - start < LIVENESS_UNITS) {
            answer = cluster.commit(99, sequence, KvMachine.put("live", "ness"),
                    (int) (LIVENESS_UNITS - (cluster.now - start)));
        }
        if (answer == null) {
            throw new AssertionError("liveness: no command committed within " + LIVENESS_UNITS
                    + " units after the faults stopped");
        }
        long recovered = cluster.now - start;
        boolean finished = cluster.runUntil(() -> {
            clients.step();
            return clients.idle();
        }, LIVENESS_UNITS);
        if (!finished) {
            throw new AssertionError("liveness: client operations still unanswered " + LIVENESS_UNITS
                    + " units after the faults stopped");
        }
        return recovered;
    }

    private void checkLinearizable() {
        LinearizabilityChecker checker = new LinearizabilityChecker(5_000_000);
        for (Map.Entry<String, List<History.Op>> e : clients.history.byKey().entrySet()) {
            if (!checker.check(new RegisterModel(), History.operations(e.getValue()))) {
                StringBuilder b = new StringBuilder("history of key " + e.getKey() + " is not linearizable:");
                e.getValue().forEach(op -> b.append("\n    ").append(op));
                throw new AssertionError(b.toString());
            }
        }
    }
}
