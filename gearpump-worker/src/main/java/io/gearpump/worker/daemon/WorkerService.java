package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.ClusterProtocol.AppBundle;
import io.gearpump.core.cluster.ClusterProtocol.Done;
import io.gearpump.core.cluster.ClusterProtocol.ExecutorLaunched;
import io.gearpump.core.cluster.ClusterProtocol.FetchJar;
import io.gearpump.core.cluster.ClusterProtocol.HeartbeatAck;
import io.gearpump.core.cluster.ClusterProtocol.LaunchExecutor;
import io.gearpump.core.cluster.ClusterProtocol.RegisterWorker;
import io.gearpump.core.cluster.ClusterProtocol.StopExecutors;
import io.gearpump.core.cluster.ClusterProtocol.WorkerHeartbeat;
import io.gearpump.core.cluster.ClusterProtocol.WorkerRegistered;
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
        this.master = new MasterLink(node, masters, request -> switch (request) {
            case LaunchExecutor l -> launch(l);
            case StopExecutors s -> {
                launcher.stop(s.appId());
                yield new Done();
            }
            default -> throw new IllegalArgumentException("a worker does not serve " + request.getClass().getSimpleName());
        }, address -> {
            moves.incrementAndGet();
            wake.release(); // register on the new connection now, not at the next heartbeat
        });
        this.heartbeats = Thread.ofVirtual().name("worker-heartbeats").start(this::heartbeatLoop);
    }

    public int workerId() {
        return workerId;
    }

    private ExecutorLaunched launch(LaunchExecutor l) throws Exception {
        AppBundle bundle = (AppBundle) master.request(new FetchJar(l.appId()), Duration.ofSeconds(30)).join();
        return new ExecutorLaunched(launcher.launch(l, bundle));
    }

    private void heartbeatLoop() {
        long interval = node.config().get(GearConfig.HEARTBEAT_INTERVAL_MS);
        while (!closed) {
            try {
                if (workerId < 0 || forgotten || moves.get() != registeredAtMove) {
                    register();
                } else {
                    HeartbeatAck ack = (HeartbeatAck) master.request(new WorkerHeartbeat(workerId, launcher.executors())).join();
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
        WorkerRegistered r = (WorkerRegistered) master.request(new RegisterWorker(describeSelf(), slots,
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
