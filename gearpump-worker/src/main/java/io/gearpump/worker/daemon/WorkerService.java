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
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RpcClient;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker: registers with the master, heartbeats (registering again when the master does not know
 * it, e.g. after a reconnection), and launches and stops executors when the master says so.
 */
public final class WorkerService implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(WorkerService.class);

    private final NodeContext node;
    private final ExecutorLauncher launcher;
    private final RpcClient master;
    private final int slots;
    private final Thread heartbeats;
    private volatile int workerId = -1; // written by the heartbeat thread, read by status
    private volatile boolean closed;
    private boolean registeredBefore; // heartbeat thread only

    /** A worker whose executors are child JVMs, with their files under {@code dir}. */
    public WorkerService(NodeContext node, InetSocketAddress masterAddress, Path dir) {
        this(node, masterAddress, new ProcessLauncher(dir, node.config()), node.config().get(GearConfig.WORKER_SLOTS));
    }

    public WorkerService(NodeContext node, InetSocketAddress masterAddress, ExecutorLauncher launcher, int slots) {
        this.node = node;
        this.slots = slots;
        this.launcher = launcher;
        this.master = node.connect(masterAddress, request -> switch (request) {
            case LaunchExecutor l -> launch(l);
            case StopExecutors s -> {
                launcher.stop(s.appId());
                yield new Done();
            }
            default -> throw new IllegalArgumentException("a worker does not serve " + request.getClass().getSimpleName());
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
                if (master.awaitConnected(Duration.ofSeconds(1))) {
                    if (workerId < 0 && registeredBefore) {
                        // the master forgot us (or we it): it may have moved our applications elsewhere,
                        // so executors left here would be duplicates
                        launcher.close();
                    }
                    if (workerId < 0) {
                        WorkerRegistered r = (WorkerRegistered) master.request(new RegisterWorker(
                                describeSelf(), slots, ProcessHandle.current().pid(), -1)).join();
                        workerId = r.workerId();
                        registeredBefore = true;
                        LOG.info("registered with the master as worker {}", workerId);
                        System.out.println("worker " + workerId + " registered");
                    } else {
                        HeartbeatAck ack = (HeartbeatAck) master.request(new WorkerHeartbeat(workerId, launcher.executors())).join();
                        if (!ack.known()) {
                            workerId = -1; // the master forgot us: register again
                        }
                    }
                }
                Thread.sleep(interval);
            } catch (InterruptedException e) {
                return;
            } catch (RuntimeException e) {
                LOG.warn("heartbeat to the master failed: {}", e.getMessage());
                if (!master.awaitConnectedQuietly(Duration.ZERO)) {
                    workerId = -1; // connection lost: register again once back (a slow answer alone is no reason)
                }
                try {
                    Thread.sleep(interval);
                } catch (InterruptedException ie) {
                    return;
                }
            }
        }
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

    @Override
    public void close() {
        closed = true;
        heartbeats.interrupt();
        launcher.close();
        master.close();
    }
}
