package io.gearpump.master.raft;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.LongStream;

/**
 * Thousands of seeded runs of 3 and 5 nodes under random faults (see {@link Scenario}), each
 * checked for safety after every step, for liveness once the faults stop, and for linearizable
 * client histories. Seeds run in parallel (each run is deterministic on its own).
 *
 * <p>System properties: {@code raft.seed=N} (with {@code raft.nodes=3|5}) replays one seed;
 * {@code raft.seeds=N} runs N seeds per group size (default 3000 for 3 nodes, 2000 for 5);
 * {@code raft.units=N} is the length of the fault phase in time units (default 2500, i.e. 250 ticks).
 */
class RaftSimulationTest {

    private static final int UNITS = Integer.getInteger("raft.units", 2500);

    @Test
    void threeNodes() {
        runSeeds(3, Long.getLong("raft.seeds", 3000));
    }

    @Test
    void fiveNodes() {
        runSeeds(5, Long.getLong("raft.seeds", 2000));
    }

    private static void runSeeds(int nodes, long seeds) {
        Long only = Long.getLong("raft.seed");
        if (only != null) {
            if (Integer.getInteger("raft.nodes", nodes) == nodes) {
                new Scenario(only, nodes, UNITS).run();
            }
            return;
        }
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        AtomicLong committed = new AtomicLong();
        AtomicLong operations = new AtomicLong();
        AtomicLong crashes = new AtomicLong();
        AtomicLong steps = new AtomicLong();
        AtomicLong slowestRecovery = new AtomicLong();
        long started = System.nanoTime();
        LongStream.range(0, seeds).parallel().forEach(seed -> {
            try {
                Scenario.Result r = new Scenario(seed, nodes, UNITS).run();
                committed.addAndGet(r.committed());
                operations.addAndGet(r.operations());
                crashes.addAndGet(r.crashes());
                steps.addAndGet(r.steps());
                slowestRecovery.accumulateAndGet(r.unitsToRecover(), Math::max);
            } catch (AssertionError e) {
                failures.add(e.getMessage());
            }
        });
        System.out.printf("raft simulation, %d nodes: %d seeds, %d steps, %d entries committed, %d client operations, "
                        + "%d crashes, slowest recovery %d units (%d ticks), %d failed, %.1f s%n", nodes, seeds, steps.get(),
                committed.get(), operations.get(), crashes.get(), slowestRecovery.get(),
                slowestRecovery.get() / SimCluster.TICK, failures.size(), (System.nanoTime() - started) / 1e9);
        if (!failures.isEmpty()) {
            failures.stream().sorted().limit(5).forEach(System.out::println);
            fail(failures.size() + " of " + seeds + " seeds failed; first: " + failures.get(0));
        }
        assertTrue(committed.get() > seeds, "the runs committed almost nothing: " + committed.get());
    }
}
