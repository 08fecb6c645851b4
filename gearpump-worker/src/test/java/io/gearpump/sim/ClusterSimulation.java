package io.gearpump.sim;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppDescription;
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
    private final ClientProcess client;
    // what the invariants remember
    final ClientLedger ledger;
    private final Map<Integer, WorkerProcess> workerIds = new HashMap<>();
    private final Set<String> executorIds = new HashSet<>();
    private final Map<Integer, Long> finalSince = new TreeMap<>();
    private final Map<Integer, Long> twoAttemptsSince = new TreeMap<>();
    private final Map<Integer, Long> twoAppMastersSince = new TreeMap<>();
    private final Map<Integer, Long> retiredSince = new TreeMap<>();
    private final Map<Integer, TreeMap<Integer, Long>> epochSince = new TreeMap<>(); // app -> epoch -> first seen at the leader
    private long leaderlessAt; // the last step at which no master served
    private long longestOverlap; // the longest two AppMasters' tasks ran at once where the masters reach
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
        client = new ClientProcess(this);
    }

    private MasterProcess master(String address) {
        return masters.stream().filter(m -> m.address.equals(address)).findFirst().orElseThrow();
    }

    /** What a run did: faults injected, applications acknowledged and how they ended, processes launched. */
    record Result(int faults, int acknowledged, int killed, Map<AppState, Integer> finalStates, int launches,
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
            check(now);
            if (violation != null) {
                throw violation; // found inside a step, where an agent may have caught it
            }
        }
        checkSettled();
        Map<AppState, Integer> states = new TreeMap<>();
        Set<Integer> acked = ledger.acknowledged();
        acked.forEach(app -> states.merge(servingLeader().master.appState(app), 1, Integer::sum));
        if (Boolean.getBoolean("sim.verbose")) {
            acked.forEach(app -> System.out.println("seed " + seed + " app " + app + ": " + servingLeader().master.appState(app)
                    + " " + servingLeader().master.failure(app)));
        }
        return new Result(faults, acked.size(), ledger.killed().size(), states, launches, longestOverlap, ledger.awaits,
                ledger.awaitsAnswered);
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
        if (!l.appMaster() && !executorIds.add(l.appId() + "/" + l.executorId())) { // AppMasters are executor 0, each time
            fail("executor " + l.executorId() + " of application " + l.appId() + " launched twice");
        }
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
            child = new ExecutorProcess(this, worker.address + "/ex" + l.appId() + "." + l.executorId(), worker, l.appId(),
                    l.executorId(), l.workerId(), am);
        }
        children.add(child);
        world.trace(worker.address + " (worker " + l.workerId() + ") launches " + child.address);
        return child;
    }

    SubmitApp submission(long submissionId) {
        return new SubmitApp("sim", "sim", "sim.jar", JAR, APP, 1 + world.random.nextInt(2), submissionId);
    }

    // ------------------------------------------------------------------ invariants

    private void check(long now) {
        children.removeIf(c -> !c.alive);
        for (WorkerProcess w : workers) {
            int id = w.worker.workerId();
            if (w.alive && id > 0 && workerIds.computeIfAbsent(id, k -> w) != w) {
                fail("worker id " + id + " given to " + w.address + " and before to " + workerIds.get(id).address);
            }
        }
        MasterProcess leader = servingLeader();
        if (leader == null) {
            leaderlessAt = now;
        } else {
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
     * before the partition heals, and elsewhere for at most {@link Settings#fenceMillis}: the time the
     * leader needs to see, by a worker's heartbeat, that an executor serves an AppMaster it has replaced,
     * and stop it.
     */
    private void checkOneAttemptRunsTasks(long now) {
        Map<Integer, TreeMap<Integer, List<ExecutorProcess>>> byApp = new TreeMap<>(); // app -> AppMaster launch -> executors
        for (ChildProcess c : children) {
            if (c instanceof ExecutorProcess e && e.runsTasks()) {
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
                fail("application " + app + " has run tasks for two AppMasters at once for " + (now - since) + " ms: "
                        + describe(stale) + " beside " + describe(current));
            }
        });
        twoAttemptsSince.keySet().retainAll(overlapping);
    }

    /**
     * Fencing, literally: once the masters recorded an AppMaster's replacement, it starts no tasks (but for a
     * start already on its way, {@link Settings#startSlackMillis}).
     */
    void startTasksArrived(ExecutorProcess e, long sentAt) {
        Map.Entry<Integer, Long> latest = epochSince.getOrDefault(e.appId, new TreeMap<>()).lastEntry();
        if (latest != null && latest.getKey() > e.appMaster.epoch && sentAt - latest.getValue() > settings.startSlackMillis()) {
            fail(e.appMaster.address + " (epoch " + e.appMaster.epoch + ") started tasks on " + e.address + " at "
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
        Map<Integer, List<AppMasterProcess>> byApp = new TreeMap<>();
        for (ChildProcess c : children) {
            if (c instanceof AppMasterProcess am && am.alive && reachable(am, now)) {
                byApp.computeIfAbsent(am.appId, k -> new ArrayList<>()).add(am);
            }
        }
        Set<Integer> doubled = new TreeSet<>();
        byApp.forEach((app, ams) -> {
            if (ams.size() > 1) {
                doubled.add(app);
                long since = twoAppMastersSince.computeIfAbsent(app, k -> now);
                if (now - since > grace()) {
                    fail("application " + app + " has had " + ams.size() + " live AppMasters for " + (now - since) + " ms: " + ams);
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
            long reachableSince = reachableSince(c);
            if (reachableSince == Long.MAX_VALUE) {
                continue; // cut off, or no master serves: nothing can tell it to stop
            }
            Long ended = finalSince.get(c.appId);
            if (ended != null && now - Math.max(ended, reachableSince) > grace()) {
                fail(c.address + " of application " + c.appId + " still runs " + (now - ended) + " ms after the application ended");
            }
            Long retired = retiredSince.get(c.workerId);
            if (retired != null && now - Math.max(retired, reachableSince) > grace()) {
                fail(c.address + " of application " + c.appId + " still runs " + (now - retired) + " ms after its worker "
                        + c.workerId + " was retired");
            }
        }
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
        Set<Integer> killed = ledger.killed();
        for (int app : ledger.acknowledged()) {
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
