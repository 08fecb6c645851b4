package io.gearpump.master.raft;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.PriorityQueue;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.function.Consumer;

/**
 * A Raft member: a {@link RaftNode} wired to its {@link RaftStorage}, its {@link RaftTransport} and
 * the replicated {@link StateMachine}, answering clients' commands and reads.
 *
 * <p>Feed it {@link #tick()}, {@link #receive}, {@link #propose} and {@link #read} as they come, then
 * call {@link #flush()} once per batch: it writes everything the batch produced and syncs once
 * (group commit: commands proposed in one batch share one fsync), and only then sends messages,
 * applies committed entries and completes futures. So nothing is sent, applied or answered that
 * depends on a write before that write is durable. Every few entries it snapshots the state
 * machine and compacts the log.
 *
 * <p>Not thread-safe: confined to one thread, which is also the thread that completes the futures.
 * A storage failure (or any failure inside {@link #flush()}) stops the server: its futures fail and
 * every later call throws, since what is on disk is no longer known.
 */
public final class RaftServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftServer.class);

    private record ClientKey(long clientId, long sequence) {
    }

    private record Proposal(long index, long term, ClientKey key, CompletableFuture<byte[]> future) {
    }

    private record Read(long id, byte[] query, CompletableFuture<byte[]> future) {
    }

    private record ConfirmedRead(long index, Read read) {
    }

    private final RaftConfig config;
    private final RaftStorage storage;
    private final RaftTransport transport;
    private final ReplicatedState state;
    private final RaftNode node;
    private final Map<Long, Proposal> proposals = new HashMap<>();
    private final Map<ClientKey, Proposal> proposalsByClient = new HashMap<>();
    private final Map<Long, Read> unconfirmedReads = new LinkedHashMap<>();
    private final PriorityQueue<ConfirmedRead> confirmedReads =
            new PriorityQueue<>(Comparator.comparingLong(ConfirmedRead::index));
    private long appliedIndex;
    private long snapshotIndex;
    private long appliedBytesSinceSnapshot; // of commands applied since the last snapshot
    private long nextReadId = 1;
    /** The term this node leads in, or -1. */
    private long leadingTerm = -1;
    private Consumer<LogEntry> applyObserver = e -> { };
    private RuntimeException failure;

    private RaftServer(RaftConfig config, RaftStorage storage, RaftTransport transport, ReplicatedState state,
                       RaftNode node, long snapshotIndex) {
        this.config = config;
        this.storage = storage;
        this.transport = transport;
        this.state = state;
        this.node = node;
        this.appliedIndex = snapshotIndex;
        this.snapshotIndex = snapshotIndex;
    }

    /**
     * Starts a member from what {@code storage} holds: restores {@code machine} from the latest
     * snapshot; committed entries after it are applied again as the leader reports them committed.
     * {@code random} drives the election timeouts (seed it in tests).
     */
    public static RaftServer start(RaftConfig config, RaftStorage storage, StateMachine machine,
                                   RaftTransport transport, Random random) {
        PersistentState persisted = storage.load();
        ReplicatedState state = new ReplicatedState(machine, config.maxClientSessions());
        persisted.snapshot().ifPresent(s -> state.restore(s.data()));
        RaftNode node = new RaftNode(config, persisted, random);
        return new RaftServer(config, storage, transport, state, node, persisted.baseIndex());
    }

    public void tick() {
        checkRunning();
        node.tick();
        noticeLeadership();
    }

    public void receive(RaftMessage message) {
        checkRunning();
        node.step(message);
        noticeLeadership();
    }

    /**
     * Replicates and applies a command. Completes with the state machine's result once applied
     * here; fails with {@link NotLeaderException} when this node is not (or stops being) the leader,
     * in which case the command may or may not be applied: retry with the same {@code clientId} and
     * {@code sequence} (a retry of an applied command is answered with its first result). With
     * {@code clientId} {@link LogEntry#NO_CLIENT} a retry applies again.
     */
    public CompletableFuture<byte[]> propose(long clientId, long sequence, byte[] command) {
        checkRunning();
        if (node.role() != Role.LEADER) {
            return CompletableFuture.failedFuture(notLeader("not the leader"));
        }
        ClientKey key = new ClientKey(clientId, sequence);
        if (clientId != LogEntry.NO_CLIENT) {
            ReplicatedState.Outcome known = state.known(clientId, sequence);
            if (known != null) {
                return known.expired()
                        ? CompletableFuture.failedFuture(new ExpiredSequenceException(clientId, sequence,
                                known.expiredLastSequence()))
                        : CompletableFuture.completedFuture(known.result());
            }
            Proposal pending = proposalsByClient.get(key);
            if (pending != null) {
                return pending.future(); // a retry while the first attempt is still in the log
            }
        }
        OptionalLong index = node.propose(clientId, sequence, command);
        Proposal p = new Proposal(index.orElseThrow(), node.term(), key, new CompletableFuture<>());
        proposals.put(p.index(), p);
        if (clientId != LogEntry.NO_CLIENT) {
            proposalsByClient.put(key, p);
        }
        return p.future();
    }

    /**
     * A linearizable read: completes with {@code StateMachine.query(query)} run on a state that
     * includes every command completed before this call. Only the leader serves reads, after a
     * quorum confirmed it still leads; otherwise fails with {@link NotLeaderException}.
     */
    public CompletableFuture<byte[]> read(byte[] query) {
        checkRunning();
        long id = nextReadId++;
        if (!node.readIndex(id)) {
            return CompletableFuture.failedFuture(notLeader("not the leader"));
        }
        Read r = new Read(id, query, new CompletableFuture<>());
        unconfirmedReads.put(id, r);
        return r.future();
    }

    /** Persists (one sync), sends, applies and answers everything the inputs since the last flush produced. */
    public void flush() {
        checkRunning();
        try {
            while (node.hasReady()) {
                Ready ready = node.ready();
                persist(ready);
                node.advance(ready);
                ready.messages().forEach(transport::send);
                if (ready.snapshot() != null) {
                    restore(ready.snapshot());
                }
                apply(ready.committed());
                for (ReadState rs : ready.reads()) {
                    Read r = unconfirmedReads.remove(rs.requestId());
                    if (r != null) {
                        confirmedReads.add(new ConfirmedRead(rs.index(), r));
                    }
                }
                serveReads();
                if (appliedIndex - snapshotIndex >= config.snapshotEveryEntries()) {
                    takeSnapshot(config.entriesKeptAfterSnapshot());
                } else if (appliedBytesSinceSnapshot >= config.snapshotEveryBytes()) {
                    takeSnapshot(0); // large commands (jars): keeping them behind the snapshot would keep them on disk
                }
            }
        } catch (RuntimeException e) {
            stop(e);
            throw e;
        }
        noticeLeadership();
    }

    private void persist(Ready ready) {
        if (!ready.mustPersist()) {
            return;
        }
        if (ready.hardState() != null) {
            storage.saveHardState(ready.hardState());
        }
        Snapshot s = ready.snapshot();
        if (s != null) {
            storage.saveSnapshot(s, ready.snapshotDiscardsLog());
            if (!ready.snapshotDiscardsLog()) {
                storage.compact(s.index());
            }
        }
        if (!ready.entries().isEmpty()) {
            storage.append(ready.entries());
        }
        storage.sync();
    }

    private void restore(Snapshot s) {
        state.restore(s.data());
        appliedIndex = s.index();
        snapshotIndex = s.index();
        appliedBytesSinceSnapshot = 0;
    }

    private void apply(List<LogEntry> committed) {
        for (LogEntry e : committed) {
            ReplicatedState.Outcome outcome = state.apply(e);
            appliedIndex = e.index();
            appliedBytesSinceSnapshot += e.command() == null ? 0 : e.command().length;
            applyObserver.accept(e);
            Proposal p = proposals.remove(e.index());
            if (p == null) {
                continue;
            }
            proposalsByClient.remove(p.key());
            if (e.term() != p.term()) {
                p.future().completeExceptionally(notLeader("entry " + p.index() + " was replaced by a later leader"));
            } else if (outcome.expired()) {
                p.future().completeExceptionally(new ExpiredSequenceException(e.clientId(), e.sequence(),
                        outcome.expiredLastSequence()));
            } else {
                p.future().complete(outcome.result());
            }
        }
    }

    private void serveReads() {
        while (!confirmedReads.isEmpty() && confirmedReads.peek().index() <= appliedIndex) {
            Read r = confirmedReads.poll().read();
            try {
                r.future().complete(state.query(r.query()));
            } catch (RuntimeException e) {
                r.future().completeExceptionally(e);
            }
        }
    }

    /** Snapshots the state machine and compacts the log up to {@code keptBehind} entries before the snapshot. */
    private void takeSnapshot(int keptBehind) {
        Snapshot s = new Snapshot(appliedIndex, node.termAt(appliedIndex), state.snapshot());
        storage.saveSnapshot(s, false);
        appliedBytesSinceSnapshot = 0;
        long droppable = s.index() - keptBehind;
        if (droppable > 0) {
            storage.compact(droppable);
        }
        storage.sync();
        node.compact(s);
        snapshotIndex = s.index();
        LOG.debug("{}: took {}, log now ({}, {}]", node.id(), s, node.log().baseIndex(), node.lastIndex());
    }

    /** Fails what only a leader could answer once this node no longer leads in the term it did. */
    private void noticeLeadership() {
        boolean leads = node.role() == Role.LEADER;
        if (leadingTerm >= 0 && (!leads || node.term() != leadingTerm)) {
            failPending(notLeader("stopped being the leader of term " + leadingTerm + " before answering"));
        }
        leadingTerm = leads ? node.term() : -1;
    }

    private void failPending(RuntimeException cause) {
        List<CompletableFuture<byte[]>> failing = new ArrayList<>();
        proposals.values().forEach(p -> failing.add(p.future()));
        unconfirmedReads.values().forEach(r -> failing.add(r.future()));
        proposals.clear();
        proposalsByClient.clear();
        unconfirmedReads.clear();
        failing.forEach(f -> f.completeExceptionally(cause));
    }

    private void stop(RuntimeException cause) {
        failure = cause;
        LOG.error("{}: stopping: {}", node.id(), cause.toString());
        failPending(new IllegalStateException(node.id() + ": raft server stopped: " + cause, cause));
        confirmedReads.forEach(r -> r.read().future().completeExceptionally(cause));
        confirmedReads.clear();
    }

    private NotLeaderException notLeader(String what) {
        return new NotLeaderException(node.id() + ": " + what, node.leader().filter(l -> !l.equals(node.id()))
                .orElse(null));
    }

    private void checkRunning() {
        if (failure != null) {
            throw new IllegalStateException(node.id() + ": raft server stopped after " + failure, failure);
        }
    }

    // ---- status ----

    public String id() {
        return node.id();
    }

    public Role role() {
        return node.role();
    }

    public long term() {
        return node.term();
    }

    public Optional<String> leader() {
        return node.leader();
    }

    public long commitIndex() {
        return node.commitIndex();
    }

    public long appliedIndex() {
        return appliedIndex;
    }

    public long snapshotIndex() {
        return snapshotIndex;
    }

    RaftNode node() {
        return node;
    }

    int clientSessions() {
        return state.sessionCount();
    }

    /** Sees every entry as it is applied (tests check that every node applies the same ones). */
    void observeApplied(Consumer<LogEntry> observer) {
        this.applyObserver = observer;
    }

    @Override
    public void close() {
        storage.close();
    }

    @Override
    public String toString() {
        return node.id();
    }
}
