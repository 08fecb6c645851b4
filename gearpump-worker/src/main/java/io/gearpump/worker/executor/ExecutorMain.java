package io.gearpump.worker.executor;

import io.gearpump.core.api.Application;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClusterProtocol.AppFinished;
import io.gearpump.core.cluster.ClusterProtocol.RegisterExecutor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.net.node.NodeContext;
import io.gearpump.net.rpc.RequestHandler;
import io.gearpump.net.rpc.RpcClient;
import io.gearpump.net.stream.StreamHub;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main of an executor JVM, started by a worker with the application's jar on its class path.
 * Role {@code appmaster}: runs the application's {@link AppMaster}, then exits. Role
 * {@code executor}: hosts the tasks the AppMaster places here until told to stop. Either way it
 * exits when its worker goes away (stdin closes) or its AppMaster does.
 */
public final class ExecutorMain {

    private static final Logger LOG = LoggerFactory.getLogger(ExecutorMain.class);

    private ExecutorMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> o = options(args);
        int appId = Integer.parseInt(o.get("app"));
        int executorId = Integer.parseInt(o.get("executor"));
        exitWhenTheWorkerIsGone();
        GearConfig config = GearConfig.load();
        NodeContext node = NodeContext.start("executor-" + executorId, config, ExecutorMain.class.getClassLoader());
        int exit = 0;
        try {
            if (o.get("role").equals("appmaster")) {
                RpcClient master = node.connect(NodeContext.parseAddress(o.get("master")), RequestHandler.NONE);
                awaitConnected(master, "master");
                Application app;
                try {
                    app = application(o);
                } catch (RuntimeException | java.io.IOException e) { // e.g. a task class missing from the jar: fail visibly
                    master.request(new AppFinished(appId, "FAILED", "the AppMaster cannot load the application: "
                            + e.getMessage()), Duration.ofSeconds(10)).join();
                    throw e;
                }
                new AppMaster(node, master, appId, app, executors(master, appId, 1)).run();
                master.close();
            } else {
                Application app = application(o);
                host(node, config, appId, executorId, Integer.parseInt(o.get("worker")), app, o.get("appmaster"));
            }
        } catch (Exception e) {
            LOG.error("executor {} of application {} failed", executorId, appId, e);
            exit = 1;
        } finally {
            node.close();
        }
        System.exit(exit);
    }

    private static Application application(Map<String, String> o) throws java.io.IOException {
        ClassLoader loader = ExecutorMain.class.getClassLoader();
        return AppDescription.fromBytes(Files.readAllBytes(Path.of(o.get("description"))), loader).toApplication(loader);
    }

    private static int executors(RpcClient master, int appId, int fallback) {
        Object bundle = master.request(new io.gearpump.core.cluster.ClusterProtocol.FetchJar(appId), Duration.ofSeconds(30)).join();
        return bundle instanceof io.gearpump.core.cluster.ClusterProtocol.AppBundle b ? b.executors() : fallback;
    }

    /** Hosts tasks until the AppMaster's connection is gone for good. */
    private static void host(NodeContext node, GearConfig config, int appId, int executorId, int workerId, Application app,
                             String appMasterAddress) throws Exception {
        try (StreamHub hub = new StreamHub(executorId, config, node.registry(), node.loops(), node.handshakes(), 0);
             LocalEngine engine = new LocalEngine(config)) {
            TaskHost host = new TaskHost(appId, executorId, app, engine, hub);
            RpcClient appMaster = node.connect(NodeContext.parseAddress(appMasterAddress), host);
            awaitConnected(appMaster, "AppMaster");
            appMaster.request(new RegisterExecutor(executorId, workerId, NodeContext.format(hub.address()),
                    ProcessHandle.current().pid()), Duration.ofSeconds(30)).join();
            // the first lost connection ends this executor: the AppMaster counts it as lost and moves on
            while (appMaster.connects() == 1 && appMaster.awaitConnected(Duration.ofSeconds(5))) {
                Thread.sleep(200);
            }
            LOG.info("executor {}: the AppMaster is gone; exiting", executorId);
            appMaster.close();
        }
    }

    private static void awaitConnected(RpcClient client, String what) throws InterruptedException {
        if (!client.awaitConnected(Duration.ofSeconds(30))) {
            throw new IllegalStateException("cannot reach the " + what + " at " + client.address() + ": " + client.lastFailure());
        }
    }

    /** The worker holds our stdin open; when it dies the pipe closes and we must not linger. */
    private static void exitWhenTheWorkerIsGone() {
        Thread.ofPlatform().daemon().name("worker-watch").start(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is sent; we only wait for the end
                }
            } catch (java.io.IOException e) {
                // closed: same as the end
            }
            LOG.warn("the worker is gone; executor exiting");
            Runtime.getRuntime().halt(3);
        });
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^-", ""), args[i + 1]);
        }
        for (String required : new String[] {"master", "app", "executor", "worker", "role", "description"}) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("executor: missing option -" + required);
            }
        }
        return o;
    }
}
