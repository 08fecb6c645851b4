package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.executor.ExecutorRole;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs executors as threads of this JVM (the {@code LocalCluster}): the same executor code as a
 * child JVM runs, sharing this process's event loops; application classes come from
 * {@code loader} (which may see classes a child JVM could not, such as jshell's). Thread-safe.
 */
public final class InProcessLauncher implements ExecutorLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(InProcessLauncher.class);

    private record Child(int appId, int executorId, Thread thread) {
    }

    private final NodeContext node;
    private final Supplier<ClassLoader> loader;
    private final Map<Integer, List<Child>> byApp = new ConcurrentHashMap<>();

    public InProcessLauncher(NodeContext node, Supplier<ClassLoader> loader) {
        this.node = node;
        this.loader = loader;
    }

    @Override
    public long launch(LaunchExecutor l, AppBundle bundle) {
        ExecutorRole.Spec spec = new ExecutorRole.Spec(l.masters(), l.appId(), l.executorId(), l.workerId(),
                l.appMaster(), l.appMasterAddress(), l.executors(), l.startClockMillis(), l.epoch(), l.lastCheckpoint(), bundle.app(), loader.get());
        Thread t = Thread.ofVirtual().name("executor-" + l.appId() + "-" + l.executorId()).unstarted(() -> {
            try {
                ExecutorRole.run(node, spec);
            } catch (InterruptedException e) {
                // stopped
            } catch (Exception e) {
                LOG.error("executor {} of application {} failed", l.executorId(), l.appId(), e);
            }
        });
        byApp.computeIfAbsent(l.appId(), k -> new CopyOnWriteArrayList<>()).add(new Child(l.appId(), l.executorId(), t));
        t.start();
        return t.threadId();
    }

    @Override
    public void stop(int appId) {
        List<Child> children = byApp.remove(appId);
        if (children != null) {
            terminate(children);
        }
    }

    @Override
    public void stopExecutor(int appId, int executorId) {
        List<Child> children = byApp.getOrDefault(appId, List.of());
        List<Child> stopping = children.stream().filter(c -> c.executorId() == executorId).toList();
        children.removeAll(stopping);
        terminate(stopping);
    }

    private static void terminate(List<Child> children) {
        children.forEach(c -> c.thread().interrupt());
        for (Child c : children) {
            try {
                c.thread().join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    @Override
    public ArrayList<ExecutorInfo> executors() {
        ArrayList<ExecutorInfo> out = new ArrayList<>();
        byApp.values().forEach(list -> list.forEach(c ->
                out.add(new ExecutorInfo(c.appId(), c.executorId(), c.thread().threadId(), c.thread().isAlive()))));
        return out;
    }

    @Override
    public void close() {
        new ArrayList<>(byApp.keySet()).forEach(this::stop);
    }
}
