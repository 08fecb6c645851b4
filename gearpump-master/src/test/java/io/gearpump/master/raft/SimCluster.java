package io.gearpump.master.raft;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * A Raft group in virtual time: real {@link RaftServer}s on {@link MemoryStorage}, talking over a
 * {@link SimNetwork}, ticked every {@link #TICK} time units (each node with its own phase), checked
 * by a {@link SafetyChecker} after every step. Nodes crash (losing unsynced writes, possibly halfway
 * through a flush) and restart from their storage. Everything follows from the seed. Confined to
 * the thread that runs it.
 */
final class SimCluster {

    static final int TICK = 10;

    /**
     * Thrown out of a node's sync to crash it between writing and syncing: an Error, like a power
     * cut, that the server does not handle (it is dropped with the node).
     */
    static final class SimulatedCrash extends Error {
        SimulatedCrash() {
            super("simulated crash before sync", null, false, false);
        }
    }

    /** A client asks a node to do something; the reply goes back to {@code client}. */
    record ClientRequest(long opId, String client, long clientId, long sequence, byte[] command, byte[] query) {
    }

    record ClientReply(long opId, boolean ok, byte[] value, String leaderHint) {
    }

    final class SimNode {
        final String id;
        final MemoryStorage disk;
        final int phase;
        KvMachine machine;
        RaftServer server;
        boolean up;
        int incarnation;
        final List<SimNetwork.Envelope> repliesToSend = new ArrayList<>();

        SimNode(String id, int phase) {
            this.id = id;
            this.disk = new MemoryStorage(id);
            this.phase = phase;
            disk.beforeSync(() -> {
                if (syncCrashRate > 0 && random.nextDouble() < syncCrashRate) {
                    throw new SimulatedCrash();
                }
            });
        }
    }

    final long seed;
    final Random random;
    final List<String> ids = new ArrayList<>();
    final SimNetwork net;
    final SafetyChecker checker = new SafetyChecker();
    private final RaftConfig config;
    private final Map<String, SimNode> nodes = new LinkedHashMap<>();
    private final Map<String, Consumer<ClientReply>> clients = new HashMap<>();
    long now;
    double syncCrashRate;
    int crashes;

    SimCluster(long seed, int size, UnaryOperator<RaftConfig> tweak) {
        this.seed = seed;
        this.random = new Random(seed);
        this.net = new SimNetwork(new Random(seed * 7919 + 1));
        for (int i = 1; i <= size; i++) {
            ids.add("n" + i);
        }
        this.config = tweak.apply(RaftConfig.of(ids.get(0), ids).withTimeouts(10, 2));
        for (String id : ids) {
            SimNode n = new SimNode(id, random.nextInt(TICK));
            nodes.put(id, n);
            start(n);
        }
    }

    RaftConfig config() {
        return config;
    }

    private void start(SimNode n) {
        n.machine = new KvMachine();
        CheckedStorage storage = new CheckedStorage(n.id, n.disk, checker);
        Random r = new Random(seed * 31 + n.id.hashCode() * 17L + n.incarnation);
        int incarnation = n.incarnation;
        n.server = RaftServer.start(config.forMember(n.id), storage, n.machine, m -> {
            checker.sent(n.id, m, n.disk.unsyncedWrites());
            if (n.up && n.incarnation == incarnation) {
                net.send(now, n.id, m.to(), m);
            }
        }, r);
        KvMachine machine = n.machine;
        RaftServer server = n.server;
        n.server.observeApplied(e -> checker.applied(n.id, e, server.term(), server.snapshotIndex(), machine.digest()));
        checker.restarted(n.id, n.server.appliedIndex());
        n.up = true;
    }

    /** One unit of virtual time: deliver what is due, tick the nodes whose tick it is, flush, check. */
    void step() {
        now++;
        Map<String, List<SimNetwork.Envelope>> inbound = new HashMap<>();
        for (SimNetwork.Envelope e : net.due(now)) {
            if (nodes.containsKey(e.to())) {
                inbound.computeIfAbsent(e.to(), k -> new ArrayList<>()).add(e);
            } else {
                Consumer<ClientReply> client = clients.get(e.to());
                if (client != null) {
                    client.accept((ClientReply) e.payload());
                }
            }
        }
        for (SimNode n : nodes.values()) {
            List<SimNetwork.Envelope> in = inbound.get(n.id);
            boolean tick = (now + n.phase) % TICK == 0;
            if (n.up && (in != null || tick)) {
                drive(n, server -> {
                    if (in != null) {
                        for (SimNetwork.Envelope e : in) {
                            deliver(n, e);
                        }
                    }
                    if (tick) {
                        server.tick();
                    }
                });
            }
        }
        checker.afterStep(upServers());
    }

    private void deliver(SimNode n, SimNetwork.Envelope e) {
        switch (e.payload()) {
            case RaftMessage m -> n.server.receive(m);
            case ClientRequest r -> {
                CompletableFuture<byte[]> f = r.command() != null
                        ? n.server.propose(r.clientId(), r.sequence(), r.command())
                        : n.server.read(r.query());
                f.whenComplete((value, error) -> n.repliesToSend.add(new SimNetwork.Envelope(0, 0, n.id, r.client(),
                        new ClientReply(r.opId(), error == null, value, error instanceof NotLeaderException nl
                                ? nl.leaderHint().orElse(null) : null))));
            }
            default -> throw new IllegalArgumentException("unexpected payload " + e.payload());
        }
    }

    /** Runs {@code input} on a node's server and flushes it; a crash during the flush takes the node down. */
    private void drive(SimNode n, Consumer<RaftServer> input) {
        try {
            input.accept(n.server);
            n.server.flush();
        } catch (SimulatedCrash c) {
            crash(n.id);
            return;
        }
        for (SimNetwork.Envelope r : n.repliesToSend) {
            net.send(now, r.from(), r.to(), r.payload());
        }
        n.repliesToSend.clear();
    }

    void registerClient(String name, Consumer<ClientReply> onReply) {
        clients.put(name, onReply);
    }

    void sendFromClient(String client, String node, ClientRequest request) {
        net.send(now, client, node, request);
    }

    // ---- faults ----

    void crash(String id) {
        SimNode n = nodes.get(id);
        if (!n.up) {
            return;
        }
        n.up = false;
        n.server = null;
        n.incarnation++;
        n.repliesToSend.clear();
        n.disk.crash(random);
        crashes++;
    }

    void restart(String id) {
        SimNode n = nodes.get(id);
        if (!n.up) {
            start(n);
        }
    }

    void restartAll() {
        ids.forEach(this::restart);
    }

    boolean isUp(String id) {
        return nodes.get(id).up;
    }

    // ---- driving and looking ----

    void run(int units) {
        for (int i = 0; i < units; i++) {
            step();
        }
    }

    /** Steps until {@code condition} holds; returns whether it did within {@code maxUnits}. */
    boolean runUntil(BooleanSupplier condition, int maxUnits) {
        for (int i = 0; i < maxUnits; i++) {
            if (condition.getAsBoolean()) {
                return true;
            }
            step();
        }
        return condition.getAsBoolean();
    }

    /** The up node that leads in the highest term, or null. */
    String leader() {
        String best = null;
        long bestTerm = -1;
        for (SimNode n : nodes.values()) {
            if (n.up && n.server.role() == Role.LEADER && n.server.term() > bestTerm) {
                best = n.id;
                bestTerm = n.server.term();
            }
        }
        return best;
    }

    /** A leader that a quorum of up nodes follows in its term, or null. */
    String stableLeader() {
        String l = leader();
        if (l == null) {
            return null;
        }
        long term = server(l).term();
        int followers = 0;
        for (SimNode n : nodes.values()) {
            if (n.up && n.server.term() == term && n.server.leader().filter(l::equals).isPresent()) {
                followers++;
            }
        }
        return followers >= config.quorum() ? l : null;
    }

    RaftServer server(String id) {
        SimNode n = nodes.get(id);
        return n.up ? n.server : null;
    }

    KvMachine machine(String id) {
        return nodes.get(id).machine;
    }

    MemoryStorage disk(String id) {
        return nodes.get(id).disk;
    }

    List<RaftServer> upServers() {
        List<RaftServer> out = new ArrayList<>();
        for (SimNode n : nodes.values()) {
            if (n.up) {
                out.add(n.server);
            }
        }
        return out;
    }

    /** Calls {@code action} on a node's server (e.g. propose) and flushes, as a batch of input. */
    <T> T onNode(String id, Function<RaftServer, T> action) {
        SimNode n = nodes.get(id);
        Object[] result = new Object[1];
        drive(n, server -> result[0] = action.apply(server));
        @SuppressWarnings("unchecked")
        T t = (T) result[0];
        return t;
    }

    CompletableFuture<byte[]> propose(String id, long clientId, long sequence, byte[] command) {
        return onNode(id, s -> s.propose(clientId, sequence, command));
    }

    CompletableFuture<byte[]> read(String id, byte[] query) {
        return onNode(id, s -> s.read(query));
    }

    /** Proposes at whichever node leads until the command is answered; returns the answer, or null past the limit. */
    byte[] commit(long clientId, long sequence, byte[] command, int maxUnits) {
        List<CompletableFuture<byte[]>> attempt = new ArrayList<>(List.of(CompletableFuture.failedFuture(
                new IllegalStateException("not tried yet"))));
        boolean done = runUntil(() -> {
            CompletableFuture<byte[]> last = attempt.get(0);
            if (last.isDone() && !last.isCompletedExceptionally()) {
                return true;
            }
            String l = leader();
            if (last.isDone() && l != null) {
                attempt.set(0, propose(l, clientId, sequence, command));
            }
            return false;
        }, maxUnits);
        return done ? attempt.get(0).join() : null;
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder("t=" + now);
        for (SimNode n : nodes.values()) {
            b.append(' ').append(n.id).append('=');
            if (!n.up) {
                b.append("down");
            } else {
                RaftServer s = n.server;
                b.append(s.role()).append('/').append(s.term()).append(" log=").append(s.node().log().baseIndex())
                        .append("..").append(s.node().lastIndex()).append(" commit=").append(s.commitIndex());
            }
        }
        return b.toString();
    }
}
