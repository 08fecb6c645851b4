package io.gearpump.sim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

/**
 * The whole control plane under faults, over many seeds: {@code -Dsim.seeds=N} (default 2,000, about two minutes) seeds
 * from {@code -Dsim.firstSeed} (default 1), or one seed with {@code -Dsim.seed=S} to replay a failure
 * ({@code -Dsim.trace=true} prints the simulation's events with their simulated time).
 */
class ClusterSimulationTest {

    @Test
    void everySeedKeepsTheInvariantsAndSettles() {
        String one = System.getProperty("sim.seed");
        long first = one != null ? Long.parseLong(one) : Long.getLong("sim.firstSeed", 1);
        int seeds = one != null ? 1 : Integer.getInteger("sim.seeds", 2000);
        long started = System.nanoTime();
        ThreadMXBean cpu = ManagementFactory.getThreadMXBean();
        long cpuStarted = cpu.getCurrentThreadCpuTime();
        int faults = 0;
        int partitions = 0;
        int apps = 0;
        int launches = 0;
        int awaits = 0;
        int awaitsAnswered = 0;
        long longestOverlap = 0;
        long longestAt = 0;
        Map<AppState, Integer> states = new TreeMap<>();
        for (long seed = first; seed < first + seeds; seed++) {
            ClusterSimulation.Result r = new ClusterSimulation(seed, ClusterSimulation.Settings.standard()).run();
            faults += r.faults();
            partitions += r.partitions();
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
        System.out.printf("cluster simulation: %d seeds from %d, %.2f simulated hours, %d faults (%d partitions of a worker's host),"
                + " %d applications %s, %d AppMasters and executors launched, %d of %d long-polls answered, tasks of a replaced"
                + " AppMaster ran beside its replacement's for at most %d ms (seed %d), %.1f s (%.1f s of CPU)%n", seeds, first,
                simulatedHours, faults, partitions, apps, states, launches, awaitsAnswered, awaits, longestOverlap, longestAt,
                (System.nanoTime() - started) / 1e9, (cpu.getCurrentThreadCpuTime() - cpuStarted) / 1e9);
        assertTrue(faults > seeds, "faults were injected: " + faults);
        assertTrue(seeds < 20 || partitions > seeds / 20, "workers' hosts were cut off: " + partitions);
        assertTrue(seeds < 20 || awaitsAnswered > seeds, "long-polls were answered: " + awaitsAnswered + " of " + awaits);
        assertTrue(states.getOrDefault(AppState.RUNNING, 0) > 0, "applications run at the end: " + states);
    }
}
