package io.gearpump.worker.daemon;

import io.gearpump.core.cluster.WorkerProtocol.AppBundle;
import io.gearpump.core.cluster.WorkerProtocol.ExecutorInfo;
import io.gearpump.core.cluster.WorkerProtocol.LaunchExecutor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.ChildJvm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts executors as child JVMs (class path: this worker's, which is the engine's lib; the
 * application's jar is loaded by the executor's own class loader), mapping a {@link ClassDataArchive}
 * of the engine's classes once one is recorded, each with its output in {@code <dir>/logs/app-<id>-executor-<n>.log}, and stops
 * them. A child's stdin is a pipe from this worker: when the worker dies, the pipe closes and the
 * executor exits, so no executor outlives its worker. Thread-safe.
 */
final class ProcessLauncher implements ExecutorLauncher {

    private static final Logger LOG = LoggerFactory.getLogger(ProcessLauncher.class);
    static final String EXECUTOR_MAIN = "io.gearpump.worker.executor.ExecutorMain";

    private record Child(int appId, int executorId, Process process) {
    }

    private final Path dir;
    private final GearConfig config;
    private final Map<Integer, List<Child>> byApp = new ConcurrentHashMap<>();
    private final Optional<ClassDataArchive> archive;

    ProcessLauncher(Path dir, GearConfig config) {
        this.dir = dir;
        this.config = config;
        this.archive = config.get(GearConfig.EXECUTOR_CLASS_ARCHIVE)
                ? ClassDataArchive.in(dir.resolve("class-archive"), System.getProperty("java.class.path"))
                : Optional.empty();
    }

    /** Writes the application's jar and description and starts the executor. */
    @Override
    public long launch(LaunchExecutor l, AppBundle bundle) throws IOException {
        Path appDir = Files.createDirectories(dir.resolve("app-" + l.appId()));
        Path jar = appDir.resolve(safeName(bundle.jarName()));
        Path description = appDir.resolve("app.description");
        replace(jar, bundle.jar()); // always this submission's (ids restart with the master); a running JVM keeps its copy
        replace(description, bundle.app());
        Path logs = Files.createDirectories(dir.resolve("logs"));
        Path log = logs.resolve("app-" + l.appId() + "-executor-" + l.executorId() + ".log");
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ChildJvm.defaultOptions()); // before the configured options, which may override them
        for (String opt : config.get(GearConfig.EXECUTOR_JVM_OPTS).trim().split("\\s+")) {
            if (!opt.isEmpty()) {
                command.add(opt);
            }
        }
        ClassDataArchive.Use classes = archive.map(ClassDataArchive::nextLaunch).orElse(ClassDataArchive.Use.NONE);
        command.addAll(classes.jvmOptions());
        System.getProperties().stringPropertyNames().stream().filter(k -> k.startsWith("gearpump.") || k.startsWith("org.slf4j."))
                .forEach(k -> command.add("-D" + k + "=" + System.getProperty(k)));
        // the worker's own settings too (a worker embedded with a config of its own has them nowhere else),
        // but not the cluster secret: a command line is readable by anyone on the machine (executors read
        // it from the configuration file, as the worker did)
        config.withPrefix("gearpump.").forEach((k, v) -> {
            if (!("gearpump." + k).equals(GearConfig.CLUSTER_SECRET.name())) {
                command.add("-Dgearpump." + k + "=" + v);
            }
        });
        command.add("-cp");
        command.add(System.getProperty("java.class.path")); // the same for every application: archivable
        command.add(EXECUTOR_MAIN);
        command.addAll(List.of("-master", l.masters(), "-app", String.valueOf(l.appId()),
                "-executor", String.valueOf(l.executorId()), "-worker", String.valueOf(l.workerId()),
                "-role", l.appMaster() ? "appmaster" : "executor", "-description", description.toAbsolutePath().toString(),
                "-jar", jar.toAbsolutePath().toString()));
        command.addAll(List.of("-epoch", String.valueOf(l.epoch())));
        if (l.appMaster()) {
            command.addAll(List.of("-executors", String.valueOf(l.executors()), "-clock", String.valueOf(l.startClockMillis()),
                    "-checkpoint", String.valueOf(l.lastCheckpoint())));
        } else {
            command.addAll(List.of("-appmaster", l.appMasterAddress()));
        }
        Process p = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                .redirectInput(ProcessBuilder.Redirect.PIPE) // kept open: its end tells the executor we are gone
                .start();
        archive.ifPresent(a -> p.onExit().thenAccept(exited -> a.exited(classes, exited.exitValue())));
        byApp.computeIfAbsent(l.appId(), k -> new CopyOnWriteArrayList<>()).add(new Child(l.appId(), l.executorId(), p));
        LOG.info("started executor {} of application {} (pid {}), log {}", l.executorId(), l.appId(), p.pid(), log);
        return p.pid();
    }

    /**
     * Stops every executor of the application: politely, then forcibly after a grace period. The master
     * asks this only of an application that has ended, so its jar and description go too (its executors'
     * logs stay, under {@code logs/}).
     */
    @Override
    public void stop(int appId) {
        List<Child> children = byApp.remove(appId);
        if (children != null) {
            terminate(children);
            LOG.info("stopped the {} executor(s) of application {}", children.size(), appId);
        }
        deleteAppFiles(appId);
        new EndedLogs(dir.resolve("logs"), config.get(GearConfig.WORKER_LOGS_RETAINED)).prune(byApp.keySet());
    }

    private void deleteAppFiles(int appId) {
        Path appDir = dir.resolve("app-" + appId);
        try (var files = Files.walk(appDir)) {
            for (Path f : files.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(f);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            // nothing of it here
        } catch (IOException | java.io.UncheckedIOException e) {
            LOG.warn("could not delete the files of ended application {} in {}: {}", appId, appDir, e.toString());
        }
    }

    /** Stops one executor of the application, the same way. */
    @Override
    public void stopExecutor(int appId, int executorId) {
        List<Child> children = byApp.getOrDefault(appId, List.of());
        List<Child> stopping = children.stream().filter(c -> c.executorId() == executorId).toList();
        children.removeAll(stopping);
        terminate(stopping);
        LOG.info("stopped executor {} of application {}", executorId, appId);
    }

    private static void terminate(List<Child> children) {
        children.forEach(c -> c.process().destroy());
        for (Child c : children) {
            try {
                if (!c.process().waitFor(5, TimeUnit.SECONDS)) {
                    c.process().destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                c.process().destroyForcibly();
            }
        }
    }

    private static void replace(Path target, byte[] bytes) throws IOException {
        Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        Files.write(tmp, bytes);
        Files.move(tmp, target, java.nio.file.StandardCopyOption.REPLACE_EXISTING, java.nio.file.StandardCopyOption.ATOMIC_MOVE);
    }

    @Override
    public ArrayList<ExecutorInfo> executors() {
        ArrayList<ExecutorInfo> out = new ArrayList<>();
        byApp.values().forEach(list -> list.forEach(c ->
                out.add(new ExecutorInfo(c.appId(), c.executorId(), c.process().pid(), c.process().isAlive()))));
        return out;
    }

    @Override
    public void close() {
        new ArrayList<>(byApp.keySet()).forEach(this::stop);
    }

    private static String safeName(String jarName) {
        String name = jarName == null ? "app.jar" : Path.of(jarName).getFileName().toString();
        return name.endsWith(".jar") ? name : name + ".jar";
    }
}
