package io.gearpump.worker.executor;

import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.node.NodeContext;

import java.io.IOException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The main of an executor JVM, started by a worker with the engine on its class path and the
 * application's jar named by {@code -jar}.
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
        ClassLoader userClasses = applicationClassLoader(appId, Path.of(o.get("jar")));
        Thread.currentThread().setContextClassLoader(userClasses); // the threads the tasks run on inherit it
        NodeContext node = NodeContext.start("executor-" + executorId, GearConfig.load(), userClasses);
        int exit = 0;
        try {
            boolean appMaster = o.get("role").equals("appmaster");
            ExecutorRole.run(node, new ExecutorRole.Spec(o.get("master"), appId, executorId, Integer.parseInt(o.get("worker")),
                    appMaster, appMaster ? "" : o.get("appmaster"), intOption(o, "executors", 0),
                    Long.parseLong(o.getOrDefault("clock", String.valueOf(AppClock.NONE))), intOption(o, "epoch", 1),
                    Long.parseLong(o.getOrDefault("checkpoint", "0")), Files.readAllBytes(Path.of(o.get("description"))),
                    userClasses));
        } catch (Exception e) {
            LOG.error("executor {} of application {} failed", executorId, appId, e);
            exit = 1;
        } finally {
            node.close();
        }
        System.exit(exit);
    }

    /**
     * The application's classes, from its jar over the engine's: the jar is not on the JVM's class
     * path, which stays the same for every application so that its classes can be archived.
     */
    private static ClassLoader applicationClassLoader(int appId, Path jar) throws IOException {
        if (!Files.isRegularFile(jar)) {
            throw new IOException("the application's jar " + jar + " is not there");
        }
        return new URLClassLoader("app-" + appId, new URL[] {jar.toUri().toURL()}, ExecutorMain.class.getClassLoader());
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

    private static int intOption(Map<String, String> o, String name, int otherwise) {
        String v = o.get(name);
        return v == null ? otherwise : Integer.parseInt(v);
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> o = new HashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            o.put(args[i].replaceFirst("^-", ""), args[i + 1]);
        }
        for (String required : new String[] {"master", "app", "executor", "worker", "role", "description", "jar"}) {
            if (!o.containsKey(required)) {
                throw new IllegalArgumentException("executor: missing option -" + required);
            }
        }
        return o;
    }
}
