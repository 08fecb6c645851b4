package io.gearpump.local;

import io.gearpump.core.config.GearConfig;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.master.rest.RestServer;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.daemon.WorkerService;

import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code bin/local [-workernum N] [-port PORT]}: a master and N workers in one process, for trying
 * the cluster on one machine. Executors are still child JVMs, as on a real cluster.
 */
public final class LocalDaemons {

    private LocalDaemons() {
    }

    public static void main(String[] args) throws Exception {
        int workers = 2;
        int port = -1;
        for (int i = 0; i + 1 < args.length; i += 2) {
            switch (args[i]) {
                case "-workernum" -> workers = number(args[i], args[i + 1]);
                case "-port" -> port = number(args[i], args[i + 1]);
                default -> {
                    System.err.println("local: unknown option " + args[i] + "; usage: local [-workernum N] [-port PORT]");
                    System.exit(2);
                }
            }
        }
        GearConfig config;
        InetSocketAddress configured;
        try {
            config = GearConfig.load();
            configured = NodeContext.parseAddress(config.get(GearConfig.MASTERS).split(",")[0]);
        } catch (IllegalArgumentException e) {
            System.err.println("local: " + e.getMessage());
            System.exit(2);
            return;
        }
        NodeContext masterNode = MasterService.startNode("master", config, LocalDaemons.class.getClassLoader());
        MasterService master;
        try {
            master = new MasterService(masterNode, new InetSocketAddress(configured.getHostString(),
                    port >= 0 ? port : configured.getPort()), Clock.systemUTC(), new MemoryStorage("master"));
        } catch (java.io.IOException | RuntimeException e) { // e.g. the port is taken: one line, no stack trace
            System.err.println("local: " + e.getMessage());
            masterNode.close();
            System.exit(1);
            return;
        }
        RestServer rest;
        try {
            rest = RestServer.startIfEnabled(master, Path.of(config.get(GearConfig.MASTER_DIR), "local", "submissions"));
        } catch (java.io.IOException | RuntimeException e) { // e.g. the port is taken
            System.err.println("local: the REST API (" + GearConfig.REST_PORT.name() + ") cannot listen: " + e.getMessage());
            master.close();
            masterNode.close();
            System.exit(1);
            return;
        }
        List<AutoCloseable> toClose = new ArrayList<>();
        if (rest != null) {
            toClose.add(rest);
        }
        for (int i = 0; i < workers; i++) {
            NodeContext node = NodeContext.start("worker" + i, config, LocalDaemons.class.getClassLoader());
            toClose.add(new WorkerService(node, java.util.List.of(master.address()),
                    Path.of(config.get(GearConfig.WORKER_DIR), "worker-" + i)));
            toClose.add(node);
        }
        System.out.println("master listening on " + master.address() + " with " + workers + " workers");
        if (rest != null) {
            System.out.println("REST API on " + rest.url());
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            for (AutoCloseable c : toClose) {
                try {
                    c.close();
                } catch (Exception e) {
                    // going down anyway
                }
            }
            master.close();
            masterNode.close();
            stopped.countDown();
        }));
        stopped.await();
    }

    private static int number(String option, String value) {
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException e) {
            System.err.println("local: " + option + " expects a number, got '" + value + "'");
            System.exit(2);
            return -1;
        }
    }
}
