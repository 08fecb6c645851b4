package io.gearpump.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The whole control plane under faults, over many seeds: {@code -Dsim.seeds=N} (default 1,000, about a minute) seeds
 * from {@code -Dsim.firstSeed} (default 1), or one seed with {@code -Dsim.seed=S} to replay a failure.
 */
class ClusterSimulationTest {

    @Test
    void everySeedKeepsTheInvariantsAndSettles() {
        String one = System.getProperty("sim.seed");
        long first = one != null ? Long.parseLong(one) : Long.getLong("sim.firstSeed", 1);
        int seeds = one != null ? 1 : Integer.getInteger("sim.seeds", 1000);
        long started = System.nanoTime();
        int faults = 0;
        int apps = 0;
        int launches = 0;
        long longestOverlap = 0;
        long longestAt = 0;
        int awaits = 0;
        int awaitsAnswered = 0;
        java.util.Map<io.gearpump.core.api.AppState, Integer> states = new java.util.TreeMap<>();
        for (long seed = first; seed < first + seeds; seed++) {
            ClusterSimulation.Result r = new ClusterSimulation(seed, ClusterSimulation.Settings.standard()).run();
            faults += r.faults();
            apps += r.acknowledged();
            launches += r.launches();
            awaits += r.awaits();
            awaitsAnswered += r.awaitsAnswered();
            if (r.longestOverlapMillis() > longestOverlap) {
                longestOverlap = r.longestOverlapMillis();
                longestAt = seed;
            }
            r.finalStates().forEach((k, v) -> states.merge(k, v, Integer::sum));
        }
        ClusterSimulation.Settings s = ClusterSimulation.Settings.standard();
        double simulatedHours = seeds * (s.faultMillis() + s.settleMillis()) / 3_600_000.0;
        System.out.printf("cluster simulation: %d seeds from %d, %.2f simulated hours, %d faults, %d applications %s,"
                + " %d AppMasters and executors launched, %d of %d long-polls answered, tasks of a replaced AppMaster ran beside"
                + " its replacement's for at most %d ms (seed %d), %.1f s%n", seeds, first, simulatedHours, faults, apps, states,
                launches, awaitsAnswered, awaits, longestOverlap, longestAt, (System.nanoTime() - started) / 1e9);
        assertTrue(faults > seeds, "faults were injected: " + faults);
        assertTrue(states.getOrDefault(io.gearpump.core.api.AppState.RUNNING, 0) > 0, "applications run at the end: " + states);
    }
}
