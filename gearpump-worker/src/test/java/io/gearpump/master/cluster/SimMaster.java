package io.gearpump.master.cluster;

import io.gearpump.core.agent.Mailbox;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.MasterRequest;
import io.gearpump.core.cluster.Peer;
import io.gearpump.master.raft.LogEntry;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.master.raft.NotLeaderException;
import io.gearpump.master.raft.RaftConfig;
import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.Role;
import io.gearpump.master.replication.RaftHost;
import io.gearpump.net.rpc.RedirectException;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;

/**
 * One master of a simulated cluster: the real {@link MasterAgent} over a real {@link RaftServer} on
 * memory storage (kept across crashes, minus what was not synced), driven by the simulation's
 * thread and clock. Proposals and reads that Raft leaves hanging fail after {@value #WAIT_MILLIS}
 * simulated ms, as {@link MasterReplica} does on the wall clock.
 */
public final class SimMaster implements Replication {

    private static final long WAIT_MILLIS = 5_000;

    private record Pending(CompletableFuture<?> future, long deadline, String what) {
    }

    private final String self;
    private final List<String> members;
    private final MemoryStorage storage;
    private final Consumer<RaftMessage> network;
    private final Random random;
    private final MasterAgent.Settings settings;
    private final List<Pending> pending = new ArrayList<>();
    private RaftServer server;
    private Mailbox<MasterInput> mailbox;
    private MasterAgent agent;
    private long now;

    public SimMaster(String self, List<String> members, Consumer<RaftMessage> network, Random random,
                     int heartbeatMillis, long workerTimeoutMillis, long orphanGraceMillis, int maxRelaunches) {
        this.self = self;
        this.members = List.copyOf(members);
        this.storage = new MemoryStorage(self);
        this.network = network;
        this.random = random;
        this.settings = new MasterAgent.Settings(heartbeatMillis, workerTimeoutMillis, orphanGraceMillis, maxRelaunches);
    }

    /** Starts the process: Raft from what the storage kept, an agent with empty soft state. */
    public void start() {
        mailbox = new Mailbox<>();
        RaftConfig config = RaftConfig.of(self, members).withTimeouts(15, 2);
        server = RaftServer.start(config, storage, new MasterStateMachine(mailbox), network::accept, random);
        agent = new MasterAgent(this, mailbox, settings);
    }

    /** Like kill -9: the process is gone, writes not synced are lost. */
    public void crash() {
        server = null;
        agent = null;
        mailbox = null;
        pending.clear();
        storage.crash(random);
    }

    public boolean up() {
        return server != null;
    }

    public String address() {
        return self;
    }

    public void tick() {
        server.tick();
    }

    public void receive(RaftMessage message) {
        server.receive(message);
    }

    /** One step: the agent's inputs, Raft's output (fsync, send, apply), timed-out waits. */
    public int step(long nowMillis) {
        now = nowMillis;
        int work = agent.doWork(now);
        server.flush();
        for (Iterator<Pending> it = pending.iterator(); it.hasNext(); ) {
            Pending p = it.next();
            if (p.future().isDone()) {
                it.remove();
            } else if (now >= p.deadline()) {
                it.remove();
                p.future().completeExceptionally(new ClusterException(ClusterError.NO_QUORUM, "no quorum: " + p.what()
                        + " was not confirmed within " + WAIT_MILLIS + " ms"));
                work++;
            }
        }
        return work;
    }

    public boolean hasInput() {
        return mailbox != null && !mailbox.isEmpty();
    }

    public void ask(MasterRequest<?> request, Peer from, CompletableFuture<Object> reply) {
        mailbox.offer(new MasterInput.Asked(request, from, reply));
    }

    public boolean serving() {
        return agent != null && agent.phase() == MasterAgent.Phase.SERVING;
    }

    /** The applications the agent's mirror knows, with their states, for the invariants. */
    public Set<Integer> appIds() {
        Set<Integer> ids = new TreeSet<>();
        agent.state().apps().forEach(a -> ids.add(a.appId()));
        return ids;
    }

    public io.gearpump.core.api.AppState appState(int appId) {
        MasterState.App app = agent.state().app(appId);
        return app == null ? null : app.state();
    }

    /** The worker ids the replicated state has retired (declared dead, their work moved). */
    public Set<Integer> retiredWorkers() {
        return agent.state().retiredWorkers();
    }

    /** The epoch of the application's latest AppMaster, the only one served (0 for an unknown application). */
    public int appMasterEpoch(int appId) {
        MasterState.App app = agent.state().app(appId);
        return app == null ? 0 : app.appMasterEpoch();
    }

    public String failure(int appId) {
        MasterState.App app = agent.state().app(appId);
        return app == null ? null : app.failure();
    }

    // ------------------------------------------------------------------ Replication

    @Override
    public CompletableFuture<Integer> propose(MasterCommand command, long clientId) {
        CompletableFuture<byte[]> f = server.propose(clientId, clientId == LogEntry.NO_CLIENT ? 0 : 1, MasterStateMachine.encode(command));
        return bounded(f, command.getClass().getSimpleName())
                .thenApply(result -> result.length == 4 ? ByteBuffer.wrap(result).getInt() : null);
    }

    @Override
    public CompletableFuture<Void> barrier() {
        return bounded(server.read(new byte[0]), "read").thenApply(result -> null);
    }

    private <T> CompletableFuture<T> bounded(CompletableFuture<T> f, String what) {
        pending.add(new Pending(f, now + WAIT_MILLIS, what));
        return f.handle((value, error) -> {
            if (error == null) {
                return value;
            }
            Throwable e = error instanceof CompletionException && error.getCause() != null ? error.getCause() : error;
            if (e instanceof NotLeaderException n) {
                throw new RedirectException(n.leaderHint().orElse(leaderHint()), "master " + self + " is not the leader");
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException(e);
        });
    }

    @Override
    public RaftHost.Status status() {
        return new RaftHost.Status(self, server.role(), server.term(), server.leader().orElse(""), server.commitIndex(),
                server.appliedIndex(), false);
    }

    @Override
    public String self() {
        return self;
    }

    @Override
    public String membersList() {
        return String.join(",", members);
    }

    @Override
    public String toString() {
        return "master " + self;
    }
}
