package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.Done;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.WorkerProtocol.FetchJar;
import io.gearpump.core.cluster.WorkerProtocol.HeartbeatAck;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.cluster.WorkerProtocol.RegisterWorker;
import io.gearpump.core.cluster.WorkerProtocol.StopExecutors;
import io.gearpump.core.cluster.WorkerProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.WorkerProtocol.WorkerCommand;
import io.gearpump.core.cluster.WorkerProtocol.WorkerRegistered;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers with the leading master, heartbeats, and launches and stops executors when
 * the master says so. The master knows a worker by the connection it registered on, so the worker
 * registers again whenever its {@link MasterLink} moves to a new connection (a failover, a
 * reconnection) or a heartbeat is answered "unknown", each time asking to keep its id. Its
 * executors run on through all that: only a new id (the master gave up on the old one, and may
 * have moved its applications elsewhere) stops them.
 *
 * <p>Threads: the heartbeat thread registers and heartbeats and alone writes {@code workerId};
 * launches and stops arrive on request threads; the link's move listener (any thread) counts
 * {@code moves} and wakes the heartbeat thread.
 */
public final class WorkerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    private final NodeContext node;
    private final ExecutorLauncher launcher;
    private final MasterLink master;
    private final int slots;
    private final AtomicInteger moves = new AtomicInteger();
    private final Semaphore wake = new Semaphore(0);
    private final Thread heartbeats;
    private volatile int workerId = -1; // written by the heartbeat thread, read by anyone
    private volatile boolean closed;
    // heartbeat thread only:
    private int registeredAtMove = -1;
    private boolean forgotten;

    /** A worker whose executors are child JVMs, with their files under {@code dir}. */
    public WorkerService(NodeContext node, List<String> masters, Path dir) {
        this(node, masters, new ProcessLauncher(dir, node.config()), node.config().get(GearConfig.WORKER_SLOTS));
    }

    /** @param masters every master's {@code host:port} ({@code gearpump.cluster.masters}) */
    public WorkerService(NodeContext node, List<String> masters, ExecutorLauncher launcher, int slots) {
        this.node = node;
        this.slots = slots;
        this.launcher = launcher;
        this.master = new MasterLink(node, masters, this::serve, address -> {
            moves.incrementAndGet();
            wake.release(); // register on the new connection now, not at the next heartbeat
        });
        this.heartbeats = Thread.ofVirtual().name("worker-heartbeats").start(this::heartbeatLoop);
    }

    public int workerId() {
        return workerId;
    }

    /** What the master asks of a worker: one exhaustive switch over {@link WorkerCommand}. */
    private Object serve(Object request) throws Exception {
        if (!(request instanceof WorkerCommand<?> command)) {
            throw ClusterException.unsupported("a worker", request);
        }
        return switch (command) {
            case LaunchExecutor l -> launch(l);
            case StopExecutors s -> {
                launcher.stop(s.appId());
                yield Done.DONE;
            }
        };
    }

    private ExecutorLaunched launch(LaunchExecutor l) throws Exception {
        AppBundle bundle = master.call(new FetchJar(l.appId()), Duration.ofSeconds(30)).join();
        return new ExecutorLaunched(launcher.launch(l, bundle));
    }

    private void heartbeatLoop() {
        long interval = node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS);
        while (!closed) {
            try {
                if (workerId < 0 || forgotten || moves.get() != registeredAtMove) {
                    register();
                } else {
                    HeartbeatAck ack = master.call(new WorkerHeartbeat(workerId, launcher.executors())).join();
                    forgotten = !ack.known(); // e.g. a new leader that has not seen us yet
                }
                if (!forgotten && moves.get() == registeredAtMove) {
                    wake.tryAcquire(interval, TimeUnit.MILLISECONDS);
                    wake.drainPermits();
                }
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                if (closed) {
                    return;
                }
                LOG.warn("heartbeat to the masters failed: {}", rootMessage(e));
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
    }

    private void register() {
        int seen = moves.get();
        int previous = workerId;
        WorkerRegistered r = master.call(new RegisterWorker(describeSelf(), slots,
                ProcessHandle.current().pid(), previous)).join();
        if (previous >= 0 && r.workerId() != previous) {
            // the master gave up on our old id and may have run its applications elsewhere: ours would be duplicates
            LOG.warn("the master {} gave this worker the new id {} (it was {}); stopping the executors started before",
                    master.current(), r.workerId(), previous);
            launcher.close();
        }
        workerId = r.workerId();
        registeredAtMove = seen;
        forgotten = false;
        if (r.workerId() == previous) {
            LOG.info("registered again with the master {} as worker {}", master.current(), workerId);
        } else {
            LOG.info("registered with the master {} as worker {}", master.current(), workerId);
            System.out.println("worker " + workerId + " registered");
        }
    }

    private static String rootMessage(Throwable e) {
        Throwable t = e;
        while (t instanceof java.util.concurrent.CompletionException && t.getCause() != null) {
            t = t.getCause();
        }
        return String.valueOf(t.getMessage());
    }

    private static String describeSelf() {
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            host = "localhost";
        }
        return host + " (pid " + ProcessHandle.current().pid() + ")";
    }

    /** Stops the executors, then the link; waits a little for the heartbeat thread to end. */
    @Override
    public void close() {
        closed = true;
        heartbeats.interrupt();
        launcher.close();
        master.close();
        try {
            heartbeats.join(Duration.ofSeconds(5)); // a request in flight ends with the link
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
