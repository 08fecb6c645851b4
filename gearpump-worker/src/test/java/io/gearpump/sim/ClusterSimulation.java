package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * A whole cluster in one thread under a simulated clock: three masters (the real master agent over
 * real Raft on memory storage), workers (the real worker agent), and for each application its
 * AppMaster and executors (the real agents, with simulated tasks), talking over simulated
 * connections that delay and lose messages. A client submits, lists, kills and long-polls
 * applications while faults happen (masters, workers, AppMasters and executors killed and restarted,
 * messages lost, a master cut off from the others, a worker's host cut off from the masters or from
 * everyone); then the faults stop and the cluster must settle. {@link #run} checks the
 * {@link Invariants} after every step (and the {@link ClientLedger} every answer the client gets)
 * and throws an {@link AssertionError} naming the seed and the step.
 */
final class ClusterSimulation {

    /** Timings, as a real cluster has them by default, and the shape of a run. */
    record Settings(int heartbeatMillis, long workerTimeoutMillis, long failoverMillis, int maxRestarts, int workers,
                    int slots, long faultMillis, long settleMillis, double lossRate, int maxDelayMillis) {

        long orphanGraceMillis() {
            return workerTimeoutMillis + failoverMillis + 3L * heartbeatMillis;
        }

        /**
         * How long the tasks of a replaced AppMaster may run beside those of its replacement, on hosts the masters
         * reach: the leader stops them when it records the replacement, from what the last heartbeats showed, or at
         * the next heartbeat that shows them; a second heartbeat if that stop was lost with its connection.
         */
        long fenceMillis() {
            return 2L * heartbeatMillis;
        }

        /**
         * How long after its replacement was recorded a replaced AppMaster's start of tasks may still arrive: the
         * leader's word that it may start an attempt (answered just before the replacement) and the start on its way.
         */
        long startSlackMillis() {
            return 4L * maxDelayMillis + 2 * STEP_MILLIS;
        }

        static Settings standard() {
            return new Settings(1_000, 5_000, 5_000, 3, 3, 8, 60_000, 60_000, 0.01, 10);
        }
    }

    private static final long STEP_MILLIS = 5;
    private static final long RAFT_TICK_MILLIS = 20;
    private static final byte[] JAR = {'P', 'K', 3, 4, 0};
    private static final byte[] APP = AppDescription.of(Application.of("sim",
            io.gearpump.core.api.Graph.of(io.gearpump.core.api.Processor.of(SimTask.class, 2)
                    .to(io.gearpump.core.api.Processor.of(SimTask.class, 1))))).toBytes();

    final long seed;
    final Settings settings;
    final SimWorld world;
    final List<MasterProcess> masters = new ArrayList<>();
    private final List<WorkerProcess> workers = new ArrayList<>();
    private final List<ChildProcess> children = new ArrayList<>(); // the live ones (dead ones go at the next check)
    private final Map<String, AppMasterProcess> appMasters = new HashMap<>(); // every one launched, by address
    private List<SimProcess> processes; // null when it must be rebuilt
    private final ClientProcess client;
    final ClientLedger ledger;
    final Invariants invariants;
    private AssertionError violation;
    private int faults;
    private int generation;
    private int launches;

    ClusterSimulation(long seed, Settings settings) {
        this.seed = seed;
        this.settings = settings;
        this.world = new SimWorld(seed, 1_000_000);
        List<String> addresses = List.of("m1:3000", "m2:3000", "m3:3000");
        for (String a : addresses) {
            masters.add(new MasterProcess(world, a, addresses, this::master, settings));
        }
        for (int i = 0; i < settings.workers(); i++) {
            workers.add(new WorkerProcess(this, "w" + i + "#0", settings.slots()));
        }
        ledger = new ClientLedger(world, this::fail);
        invariants = new Invariants(settings, world, ledger, this::fail);
        client = new ClientProcess(this);
    }

    private MasterProcess master(String address) {
        return masters.stream().filter(m -> m.address.equals(address)).findFirst().orElseThrow();
    }

    /** What a run did: faults injected, applications acknowledged and how they ended, processes launched. */
    record Result(int faults, int partitions, int acknowledged, int killed, Map<AppState, Integer> finalStates, int launches,
                  long longestOverlapMillis, int awaits, int awaitsAnswered) {
    }

    /** Runs the faults, then the settling. */
    Result run() {
        world.lossRate = settings.lossRate();
        world.maxDelayMillis = settings.maxDelayMillis();
        long start = world.now();
        long faultsEnd = start + settings.faultMillis();
        long end = faultsEnd + settings.settleMillis();
        long nextTick = start;
        while (world.now() < end) {
            long now = world.now() + STEP_MILLIS;
            world.advance(now);
            if (now >= nextTick) {
                nextTick += RAFT_TICK_MILLIS;
                masters.stream().filter(m -> m.alive).forEach(m -> m.master.tick());
            }
            if (now < faultsEnd) {
                client.act(now);
                injectFaults(now);
            } else if (now < faultsEnd + STEP_MILLIS) {
                heal();
            }
            stepAll(now);
            if (children.removeIf(c -> !c.alive)) {
                processes = null;
            }
            invariants.check(now, servingLeader(), workers, children);
            if (violation != null) {
                throw violation; // found inside a step, where an agent may have caught it
            }
        }
        invariants.settled(servingLeader(), children);
        Map<AppState, Integer> states = new TreeMap<>();
        Set<Integer> acked = ledger.acknowledged();
        acked.forEach(app -> states.merge(servingLeader().master.appState(app), 1, Integer::sum));
        if (Boolean.getBoolean("sim.verbose")) {
            acked.forEach(app -> System.out.println("seed " + seed + " app " + app + ": " + servingLeader().master.appState(app)
                    + " " + servingLeader().master.failure(app)));
        }
        return new Result(faults, world.partitionsMade, acked.size(), ledger.killed().size(), states, launches, invariants.longestOverlap(),
                ledger.awaits, ledger.awaitsAnswered);
    }

    private void stepAll(long now) {
        for (int round = 0; round < 100; round++) {
            int work = 0;
            for (SimProcess p : processes()) {
                if (p.alive) {
                    work += p.step(now);
                }
            }
            work += world.runDue();
            if (work == 0 && processes().stream().noneMatch(p -> p.alive && p.hasInput())) {
                return;
            }
        }
    }

    /** Every process, live or not; rebuilt when one is launched or started again, or dead children are dropped. */
    private List<SimProcess> processes() {
        if (processes == null) {
            List<SimProcess> all = new ArrayList<>(masters);
            all.addAll(workers);
            all.addAll(children);
            all.add(client);
            processes = all;
        }
        return processes;
    }

    // ------------------------------------------------------------------ faults

    private void injectFaults(long now) {
        if (world.random.nextInt(400) != 0) { // about every 2 s
            return;
        }
        faults++;
        world.trace("fault " + faults);
        switch (world.random.nextInt(7)) {
            case 0 -> {
                MasterProcess m = masters.get(world.random.nextInt(masters.size()));
                if (m.alive) {
                    m.crash("killed");
                    world.at(now + 500 + world.random.nextInt(5_000), m::restart);
                }
            }
            case 1 -> {
                MasterProcess m = masters.get(world.random.nextInt(masters.size()));
                m.isolated = !m.isolated; // cut off from (or back with) the other masters
            }
            case 2 -> {
                int i = world.random.nextInt(workers.size());
                WorkerProcess w = workers.get(i);
                if (w.alive) {
                    w.crash("killed");
                    int index = i;
                    world.at(now + 1_000 + world.random.nextInt(10_000), () -> restartWorker(index));
                }
            }
            case 3, 4 -> {
                List<ChildProcess> live = children.stream().filter(c -> c.alive).toList();
                if (!live.isEmpty()) {
                    live.get(world.random.nextInt(live.size())).crash("killed");
                }
            }
            case 5 -> cutOffAWorker(now);
            default -> world.lossRate = world.random.nextBoolean() ? settings.lossRate() : settings.lossRate() * 5;
        }
    }

    /**
     * A worker's host (the worker, its AppMasters and executors, all alive) is cut off from the masters, or
     * from every other host, for less or more than the heartbeat timeout; then the partition heals.
     */
    private void cutOffAWorker(long now) {
        WorkerProcess w = workers.get(world.random.nextInt(workers.size()));
        SimWorld.Cut cut = world.random.nextInt(3) == 0 ? SimWorld.Cut.FROM_ALL : SimWorld.Cut.FROM_MASTERS;
        long millis = 500 + world.random.nextInt(3 * (int) settings.workerTimeoutMillis());
        if (w.alive && !world.isCut(w.host)) {
            world.cutOff(w.host, cut);
            world.trace(w.host + " will be reachable in " + millis + " ms");
            world.at(now + millis, () -> world.heal(w.host));
        }
    }

    private void restartWorker(int index) {
        if (!workers.get(index).alive) {
            workers.set(index, new WorkerProcess(this, "w" + index + "#" + ++generation, settings.slots()));
            processes = null;
        }
    }

    /** The faults stop: every master back, no partition, no loss; workers that are down come back. */
    private void heal() {
        world.lossRate = 0;
        world.healAll();
        for (MasterProcess m : masters) {
            m.isolated = false;
            if (!m.alive) {
                m.restart();
            }
        }
        for (int i = 0; i < workers.size(); i++) {
            restartWorker(i);
        }
    }

    // ------------------------------------------------------------------ the world's side of launches and the client

    /** A worker launches a child process: an AppMaster or an executor. Executor ids never repeat per application. */
    ChildProcess launched(WorkerProcess worker, LaunchExecutor l, AppBundle bundle) {
        invariants.launched(l);
        launches++;
        ChildProcess child;
        if (l.appMaster()) {
            Application app = AppDescription.fromBytes(bundle.app(), getClass().getClassLoader())
                    .toApplication(getClass().getClassLoader());
            AppMasterProcess am = new AppMasterProcess(world, worker.address + "/am" + l.appId() + "." + launches, worker, launches,
                    l, app, masters, settings);
            appMasters.put(am.address, am);
            child = am;
        } else {
            AppMasterProcess am = appMasters.get(l.appMasterAddress());
            if (am == null) {
                throw new AssertionError("no AppMaster at " + l.appMasterAddress());
            }
            child = new ExecutorProcess(invariants, worker.address + "/ex" + l.appId() + "." + l.executorId(), worker, l.appId(),
                    l.executorId(), l.workerId(), am);
        }
        children.add(child);
        processes = null;
        world.trace(worker.address + " (worker " + l.workerId() + ") launches " + child.address);
        return child;
    }

    SubmitApp submission(long submissionId) {
        return new SubmitApp("sim", "sim", "sim.jar", JAR, APP, 1 + world.random.nextInt(2), submissionId);
    }

    private MasterProcess servingLeader() {
        for (MasterProcess m : masters) {
            if (m.alive && m.master.serving()) {
                return m;
            }
        }
        return null;
    }

    private void fail(String what) {
        AssertionError e = new AssertionError("seed " + seed + " at " + (world.now() - 1_000_000) + " ms: " + what
                + " (replay: -Dsim.seed=" + seed + ")");
        if (violation == null) {
            violation = e;
        }
        throw e;
    }

    /** The simulation's task class: the executors are simulated, so it never runs. */
    public static final class SimTask extends io.gearpump.core.api.Task {
        public SimTask(io.gearpump.core.api.TaskContext context, io.gearpump.core.api.UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(io.gearpump.core.api.Message message) {
        }
    }
}
