package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.AppSubmitted;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.KillApp;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * A whole cluster in one thread under a simulated clock: three masters (the real master agent over
 * real Raft on memory storage), workers (the real worker agent), and for each application its
 * AppMaster and executors (the real agents, with simulated tasks), talking over simulated
 * connections that delay and lose messages. A client submits and kills applications while faults
 * happen (masters, workers, AppMasters and executors killed and restarted, messages lost, a master
 * cut off); then the faults stop and the cluster must settle. {@link #run} checks the invariants
 * after every step (and every list the client gets against what was acknowledged before it asked)
 * and throws an {@link AssertionError} naming the seed and the step.
 */
final class ClusterSimulation {

    /** Timings, as a real cluster has them by default, and the shape of a run. */
    record Settings(int heartbeatMillis, long workerTimeoutMillis, long failoverMillis, int maxRestarts, int workers,
                    int slots, long faultMillis, long settleMillis, double lossRate, int maxDelayMillis) {

        long orphanGraceMillis() {
            return workerTimeoutMillis + failoverMillis + 3L * heartbeatMillis;
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
    private final List<SimProcess> children = new ArrayList<>();
    private final ClientProcess client;
    // what the invariants remember
    private final Set<Integer> acked = new TreeSet<>();
    private final Set<Integer> killed = new TreeSet<>();
    private final Map<Integer, WorkerProcess> workerIds = new HashMap<>();
    private final Set<String> executorIds = new HashSet<>();
    private final Map<Integer, Long> finalSince = new TreeMap<>();
    private final Map<Integer, Long> twoAppMastersSince = new TreeMap<>();
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
        client = new ClientProcess(this);
    }

    private MasterProcess master(String address) {
        return masters.stream().filter(m -> m.address.equals(address)).findFirst().orElseThrow();
    }

    /** What a run did: faults injected, applications acknowledged and how they ended, processes launched. */
    record Result(int faults, int acknowledged, int killed, Map<AppState, Integer> finalStates, int launches) {
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
            check(now);
            if (violation != null) {
                throw violation; // found inside a step, where an agent may have caught it
            }
        }
        checkSettled();
        Map<AppState, Integer> states = new TreeMap<>();
        acked.forEach(app -> states.merge(servingLeader().master.appState(app), 1, Integer::sum));
        if (Boolean.getBoolean("sim.verbose")) {
            acked.forEach(app -> System.out.println("seed " + seed + " app " + app + ": " + servingLeader().master.appState(app)
                    + " " + servingLeader().master.failure(app)));
        }
        return new Result(faults, acked.size(), killed.size(), states, launches);
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

    private List<SimProcess> processes() {
        List<SimProcess> all = new ArrayList<>(masters);
        all.addAll(workers);
        all.addAll(children);
        all.add(client);
        return all;
    }

    // ------------------------------------------------------------------ faults

    private void injectFaults(long now) {
        if (world.random.nextInt(400) != 0) { // about every 2 s
            return;
        }
        faults++;
        switch (world.random.nextInt(6)) {
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
                List<SimProcess> live = children.stream().filter(c -> c.alive).toList();
                if (!live.isEmpty()) {
                    live.get(world.random.nextInt(live.size())).crash("killed");
                }
            }
            default -> world.lossRate = world.random.nextBoolean() ? settings.lossRate() : settings.lossRate() * 5;
        }
    }

    private void restartWorker(int index) {
        if (!workers.get(index).alive) {
            workers.set(index, new WorkerProcess(this, "w" + index + "#" + ++generation, settings.slots()));
        }
    }

    /** The faults stop: every master back, no partition, no loss; workers that are down come back. */
    private void heal() {
        world.lossRate = 0;
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
    SimProcess launched(WorkerProcess worker, LaunchExecutor l, AppBundle bundle) {
        if (!l.appMaster() && !executorIds.add(l.appId() + "/" + l.executorId())) { // AppMasters are executor 0, each time
            fail("executor " + l.executorId() + " of application " + l.appId() + " launched twice");
        }
        launches++;
        SimProcess child;
        if (l.appMaster()) {
            Application app = AppDescription.fromBytes(bundle.app(), getClass().getClassLoader())
                    .toApplication(getClass().getClassLoader());
            child = new AppMasterProcess(world, worker.address + "/am" + l.appId() + "." + children.size(), l.appId(), app,
                    l.executors(), l.startClockMillis(), masters, settings);
        } else {
            AppMasterProcess am = children.stream().filter(c -> c instanceof AppMasterProcess a && a.address.equals(l.appMasterAddress()))
                    .map(AppMasterProcess.class::cast).findFirst().orElseThrow(() -> new AssertionError("no AppMaster at "
                            + l.appMasterAddress()));
            child = new ExecutorProcess(world, worker.address + "/ex" + l.appId() + "." + l.executorId(), l.appId(), l.executorId(),
                    l.workerId(), am);
        }
        children.add(child);
        return child;
    }

    SubmitApp submission(long submissionId) {
        return new SubmitApp("sim", "sim", "sim.jar", JAR, APP, 1 + world.random.nextInt(2), submissionId);
    }

    void submitted(AppSubmitted s) {
        acked.add(s.appId());
    }

    Set<Integer> acknowledged() {
        return new TreeSet<>(acked);
    }

    /** A list the client asked for when {@code ackedBefore} had been acknowledged: linearizable, so it holds them all. */
    void listed(Set<Integer> ackedBefore, List<AppSummary> apps, String by) {
        Set<Integer> listed = new TreeSet<>();
        apps.forEach(a -> listed.add(a.appId()));
        if (!listed.containsAll(ackedBefore)) {
            fail("a list answered by " + by + " lost acknowledged applications: it has " + listed + ", acknowledged before "
                    + ackedBefore);
        }
    }

    void killedApp(AppSummary s) {
        killed.add(s.appId());
    }

    KillApp killRequest() {
        if (acked.isEmpty()) {
            return null;
        }
        List<Integer> ids = new ArrayList<>(acked);
        return new KillApp(ids.get(world.random.nextInt(ids.size())));
    }

    // ------------------------------------------------------------------ invariants

    private void check(long now) {
        for (WorkerProcess w : workers) {
            int id = w.worker.workerId();
            if (w.alive && id > 0 && workerIds.computeIfAbsent(id, k -> w) != w) {
                fail("worker id " + id + " given to " + w.address + " and before to " + workerIds.get(id).address);
            }
        }
        Map<Integer, Set<AppMasterProcess>> startedBy = new TreeMap<>();
        for (SimProcess c : children) {
            if (c instanceof ExecutorProcess e && e.runsTasks() && e.appMaster.alive) {
                startedBy.computeIfAbsent(e.appId, k -> new HashSet<>()).add(e.appMaster);
            }
        }
        long grace = settings.workerTimeoutMillis() + settings.failoverMillis() + 3L * settings.heartbeatMillis();
        startedBy.forEach((app, ams) -> {
            if (ams.size() > 1) {
                long since = twoAppMastersSince.computeIfAbsent(app, k -> now);
                if (now - since > grace) {
                    fail("application " + app + " has had tasks started by " + ams.size() + " live AppMasters for "
                            + (now - since) + " ms: " + ams);
                }
            }
        });
        twoAppMastersSince.keySet().removeIf(app -> startedBy.getOrDefault(app, Set.of()).size() < 2);
        MasterProcess leader = servingLeader();
        if (leader != null) {
            for (int app : leader.master.appIds()) {
                AppState state = leader.master.appState(app);
                if (state != null && state.isFinal()) {
                    finalSince.putIfAbsent(app, now);
                }
            }
        }
        for (SimProcess c : children) {
            int app = c instanceof ExecutorProcess e ? e.appId : ((AppMasterProcess) c).appId;
            Long since = finalSince.get(app);
            if (c.alive && since != null && now - since > grace && workerAlive(c)) {
                fail(c.address + " of application " + app + " still runs " + (now - since) + " ms after the application ended");
            }
        }
    }

    private boolean workerAlive(SimProcess child) {
        return workers.stream().anyMatch(w -> w.alive && w.children.contains(child));
    }

    private MasterProcess servingLeader() {
        return masters.stream().filter(m -> m.alive && m.master.serving()).findFirst().orElse(null);
    }

    /** After the settling: a leader serves, and every acknowledged application is RUNNING or has ended. */
    private void checkSettled() {
        MasterProcess leader = servingLeader();
        if (leader == null) {
            fail("no master serves after " + settings.settleMillis() + " ms without faults");
        }
        for (int app : acked) {
            AppState state = leader.master.appState(app);
            if (state == null || state == AppState.SUBMITTED) {
                fail("application " + app + " is " + state + " after the settling");
            }
            if (killed.contains(app) && state != AppState.KILLED && state != AppState.FAILED && state != AppState.SUCCEEDED) {
                fail("application " + app + " was killed but is " + state);
            }
            boolean running = children.stream().anyMatch(c -> c instanceof ExecutorProcess e && e.appId == app && e.runsTasks());
            if (state == AppState.RUNNING && !running) {
                fail("application " + app + " is RUNNING but no executor runs its tasks");
            }
        }
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
