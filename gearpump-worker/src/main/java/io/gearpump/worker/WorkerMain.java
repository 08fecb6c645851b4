package io.gearpump.worker;

import io.gearpump.core.config.DistributionConf;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.client.MasterLink;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.daemon.WorkerService;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -jar gearpump-worker.jar}: runs a worker that finds the leading master among
 * {@code gearpump.cluster.masters} (or {@code -master host:port,host:port,...}) until the process is
 * stopped; stopping it stops its executors.
 */
public final class WorkerMain {

    private WorkerMain() {
    }

    public static void main(String[] args) throws Exception {
        GearConfig config;
        String masters;
        List<String> masterList;
        try {
            DistributionConf.useIfUnnamed();
            config = GearConfig.load();
            masters = config.get(GearConfig.MASTERS);
            for (int i = 0; i < args.length; i++) {
                if (args[i].equals("-master") && i + 1 < args.length) {
                    masters = args[++i];
                } else {
                    throw new IllegalArgumentException("unknown option '" + args[i] + "'; usage: worker [-master HOST:PORT[,HOST:PORT...]]");
                }
            }
            masterList = MasterLink.parseMasters(masters);
        } catch (IllegalArgumentException e) {
            System.err.println("worker: " + e.getMessage());
            System.exit(2);
            return;
        }
        NodeContext node = NodeContext.start("worker", config, WorkerMain.class.getClassLoader());
        WorkerService worker = new WorkerService(node, masterList, Path.of(config.get(GearConfig.WORKER_DIR)));
        // the daemon's own line once a master knows it (scripts and RunnableJarsIT wait for it); the agent prints nothing
        worker.registered().thenAccept(id -> System.out.println("worker " + id + " registered"));
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            worker.close();
            node.close();
            stopped.countDown();
        }));
        stopped.await();
    }
}
