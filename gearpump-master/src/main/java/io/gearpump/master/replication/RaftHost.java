package io.gearpump.master.replication;

import io.gearpump.master.raft.RaftMessage;
import io.gearpump.master.raft.RaftServer;
import io.gearpump.master.raft.Role;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Drives one {@link RaftServer} on its own platform thread, as the server requires: messages from
 * the network and proposals from any thread are queued to it; it ticks every {@code tickMillis} and
 * flushes (one fsync, then send and apply) after every batch of inputs.
 */
public final class RaftHost implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RaftHost.class);

    private final LinkedBlockingQueue<Runnable> inputs = new LinkedBlockingQueue<>();
    private final long tickNanos;
    private final String name;
    private final Thread thread;
    private volatile RaftServer server;
    private volatile Status status;
    private volatile boolean closed;
    private volatile RuntimeException stoppedBy; // the error that ended the host thread, if one did

    /** What the server was after its last flush, readable from any thread. */
    public record Status(String self, Role role, long term, String leader, long commitIndex, long appliedIndex,
                         boolean stopped) {
    }

    /** {@code start} makes the server, on the host thread, once the host can take messages for it. */
    public RaftHost(String name, long tickMillis, Function<RaftHost, RaftServer> start) {
        this.name = name;
        this.tickNanos = tickMillis * 1_000_000L;
        CompletableFuture<Void> started = new CompletableFuture<>();
        this.thread = Thread.ofPlatform().name(name).start(() -> {
            try {
                server = start.apply(this);
                publishStatus(false);
                started.complete(null);
            } catch (RuntimeException e) {
                started.completeExceptionally(e);
                return;
            }
            run();
        });
        started.join();
    }

    /** Hands a message from the network to the server (any thread); dropped once the host stopped. */
    public void receive(RaftMessage message) {
        if (stoppedBy == null && !closed) {
            inputs.add(() -> server.receive(message));
        }
    }

    /**
     * Runs {@code call} on the host thread and completes with the future it returns; fails at once
     * when the host has stopped (closed, or its thread ended on an error such as a failing disk).
     */
    public <T> CompletableFuture<T> call(Supplier<CompletableFuture<T>> call) {
        Call<T> task = new Call<>(call, new CompletableFuture<>());
        if (stoppedBy != null || closed) {
            task.fail();
            return task.result;
        }
        inputs.add(task);
        if ((stoppedBy != null || closed) && inputs.remove(task)) { // stopped meanwhile: nobody would run it
            task.fail();
        }
        return task.result;
    }

    /** A call queued to the host thread; one that never runs fails, naming why. */
    private final class Call<T> implements Runnable {
        private final Supplier<CompletableFuture<T>> call;
        private final CompletableFuture<T> result;

        Call(Supplier<CompletableFuture<T>> call, CompletableFuture<T> result) {
            this.call = call;
            this.result = result;
        }

        @Override
        public void run() {
            CompletableFuture<T> started;
            try {
                started = call.get();
            } catch (RuntimeException e) { // e.g. a stopped server: the caller's failure, not the host's
                result.completeExceptionally(e);
                return;
            }
            started.whenComplete((v, e) -> {
                if (e != null) {
                    result.completeExceptionally(e);
                } else {
                    result.complete(v);
                }
            });
        }

        void fail() {
            RuntimeException cause = stoppedBy;
            result.completeExceptionally(new IllegalStateException("the raft host " + name + " has stopped"
                    + (cause == null ? "" : ": " + cause.getMessage()), cause));
        }
    }

    public RaftServer server() {
        return server;
    }

    private void run() {
        long nextTick = System.nanoTime() + tickNanos;
        try {
            while (!closed) {
                long wait = nextTick - System.nanoTime();
                Runnable first = wait > 0 ? inputs.poll(wait, TimeUnit.NANOSECONDS) : inputs.poll();
                if (first != null) {
                    first.run();
                    Runnable next;
                    while ((next = inputs.poll()) != null) {
                        next.run();
                    }
                }
                if (System.nanoTime() - nextTick >= 0) {
                    server.tick();
                    nextTick += tickNanos;
                }
                server.flush();
                publishStatus(false);
            }
        } catch (InterruptedException e) {
            // closing
        } catch (RuntimeException e) {
            LOG.error("{}: the raft host stopped", server, e);
            stoppedBy = e;
            publishStatus(true);
        } finally {
            failQueued();
        }
    }

    /** Whatever was queued when the host stopped never runs: calls fail at once, messages are dropped. */
    private void failQueued() {
        Runnable next;
        while ((next = inputs.poll()) != null) {
            if (next instanceof Call<?> c) {
                c.fail();
            }
        }
    }

    private void publishStatus(boolean stopped) {
        RaftServer s = server;
        Status last = status;
        String leader = s.leader().orElse("");
        if (last == null || stopped || last.role() != s.role() || last.term() != s.term()
                || last.commitIndex() != s.commitIndex() || last.appliedIndex() != s.appliedIndex()
                || !last.leader().equals(leader)) {
            status = new Status(s.id(), s.role(), s.term(), leader, s.commitIndex(), s.appliedIndex(), stopped);
        }
    }

    /** The server's role, term, leader and indexes as of its last flush. */
    public Status status() {
        return status;
    }

    @Override
    public void close() {
        closed = true;
        inputs.add(() -> { }); // wakes the host; an interrupt could land in an fsync and close the log file
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (thread.isAlive()) { // still in an fsync, say: closing the storage under it could tear the log
            LOG.warn("{}: the raft host thread did not stop within 5 s; its storage is left open", name);
        } else if (server != null) {
            server.close();
        }
    }
}
