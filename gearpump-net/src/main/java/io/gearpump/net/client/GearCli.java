package io.gearpump.net.client;

import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.SubmissionContext;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.MasterInfo;
import io.gearpump.core.cluster.MasterRole;
import io.gearpump.core.cluster.ClientProtocol.WorkerInfo;
import io.gearpump.core.config.GearConfig;
import io.gearpump.net.auth.ApiToken;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;
import java.util.jar.JarFile;

/**
 * {@code bin/gear submit|list|status|kill|cluster|token}: the command line of a cluster. Every command
 * answers within seconds or says in one line why not; the exit code is 0 on success, 1 when the
 * cluster said no, 2 for a bad command line.
 */
public final class GearCli {

    private final PrintStream out;
    private final PrintStream err;

    GearCli(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    public static void main(String[] args) {
        System.exit(new GearCli(System.out, System.err).run(args));
    }

    /** The commands, each with the options it takes. */
    private enum Command {
        SUBMIT("-jar", "-main", "-executors", "-conf", "-master"),
        LIST("-master", "-conf"),
        CLUSTER("-master", "-conf"),
        STATUS("-appid", "-master", "-conf"),
        KILL("-appid", "-master", "-conf"),
        TOKEN("-conf");

        final List<String> options;

        Command(String... options) {
            this.options = List.of(options);
        }

        static Optional<Command> named(String name) {
            return Arrays.stream(values()).filter(c -> c.name().toLowerCase(Locale.ROOT).equals(name)).findFirst();
        }
    }

    int run(String[] args) {
        if (args.length == 0) {
            err.println(usage());
            return 2;
        }
        String name = args[0];
        Optional<Command> command = Command.named(name);
        if (command.isEmpty()) {
            err.println("gear: unknown command '" + name + "'\n" + usage());
            return 2;
        }
        List<String> rest = Arrays.asList(args).subList(1, args.length);
        try {
            return run(command.get(), command.get() == Command.SUBMIT
                    ? CommandOptions.parseLeading(Command.SUBMIT.options, rest) // the rest is the application's
                    : CommandOptions.parse(command.get().options, rest));
        } catch (IllegalArgumentException e) {
            err.println("gear " + name + ": " + e.getMessage());
            return 2;
        } catch (IllegalStateException e) {
            err.println("gear " + name + ": " + e.getMessage());
            return 1;
        }
    }

    private int run(Command command, CommandOptions options) {
        String conf = options.get("-conf", null);
        GearConfig config = conf == null ? GearConfig.load() : GearConfig.load().with(GearConfig.readFile(Path.of(conf)));
        String masters = options.get("-master", config.get(GearConfig.MASTERS));
        return switch (command) {
            case SUBMIT -> submit(options, masters, config);
            case LIST -> withClient(config, masters, this::list);
            case CLUSTER -> withClient(config, masters, this::cluster);
            case STATUS -> {
                int appId = appId(options);
                yield withClient(config, masters, c -> status(c, appId));
            }
            case KILL -> {
                int appId = appId(options);
                yield withClient(config, masters, c -> kill(c, appId));
            }
            case TOKEN -> token(config);
        };
    }

    private interface ClientCommand {
        int run(ClusterClient client);
    }

    private int withClient(GearConfig config, String masters, ClientCommand command) {
        try (ClusterClient client = new ClusterClient(config, masters)) {
            return command.run(client);
        }
    }

    private int list(ClusterClient client) {
        List<AppSummary> apps = client.list();
        out.printf(Locale.ROOT, "%-6s %-20s %-10s %-25s %s%n", "id", "name", "state", "submitted", "user");
        for (AppSummary a : apps) {
            out.printf(Locale.ROOT, "%-6d %-20s %-10s %-25s %s%n", a.appId(), a.name(), a.state(),
                    Instant.ofEpochMilli(a.submittedMillis()), a.user());
        }
        return 0;
    }

    private int status(ClusterClient client, int appId) {
        AppReport r = client.status(appId);
        Optional<String> restUrl = client.masters().stream().filter(m -> m.role() == MasterRole.LEADER && !m.restUrl().isEmpty())
                .findFirst().map(MasterInfo::restUrl);
        new AppStatusText(out).print(r, restUrl);
        return 0;
    }

    /** The REST API's bearer token, from the configured secret: what a script sends as {@code Authorization: Bearer}. */
    private int token(GearConfig config) {
        String secret = config.get(GearConfig.CLUSTER_SECRET);
        if (secret.isEmpty()) {
            throw new IllegalArgumentException(GearConfig.CLUSTER_SECRET.name() + " is not set: the REST API needs no token");
        }
        out.println(ApiToken.of(secret).value());
        return 0;
    }

    private int kill(ClusterClient client, int appId) {
        AppSummary a = client.kill(appId);
        out.println("application " + appId + " (" + a.name() + "): " + a.state());
        return 0;
    }

    /** The masters first (they show even when none leads, which is when they matter most), then the leader's workers. */
    private int cluster(ClusterClient client) {
        out.println("masters:");
        out.printf(Locale.ROOT, "     %-22s %-13s %8s %10s %10s  %s%n", "address", "role", "term", "commit", "applied", "leader");
        for (MasterInfo m : client.masters()) {
            boolean known = m.role() != MasterRole.UNREACHABLE;
            out.printf(Locale.ROOT, "  %s  %-22s %-13s %8s %10s %10s  %s%n", m.role() == MasterRole.LEADER ? "*" : " ", m.address(),
                    m.role(), known ? m.term() : "-", known ? m.commitIndex() : "-", known ? m.appliedIndex() : "-",
                    !known ? "-" : m.leader().isEmpty() ? "(none known)" : m.leader());
        }
        List<WorkerInfo> workers = client.workers();
        out.println("workers:");
        for (WorkerInfo w : workers) {
            out.printf(Locale.ROOT, "  %-4d %-22s %-6s slots used %d free %d, last heartbeat %s%n", w.workerId(), w.address(),
                    w.state(), w.slotsUsed(), w.slots() - w.slotsUsed(), Instant.ofEpochMilli(w.lastHeartbeatMillis()));
        }
        return 0;
    }

    /**
     * Runs the application's main from its jar on a thread of its own, where {@link Cluster#connect()}
     * opens a {@link RemoteCluster} on {@code masters} that sends this jar and asks for this many
     * executors ({@link SubmissionContext}). Nothing JVM-wide is set (no system property, not this
     * thread's class loader), so another submission in this JVM sees only its own. What the main
     * leaves open is closed once it returns.
     */
    private int submit(CommandOptions options, String masters, GearConfig config) {
        List<String> args = options.rest();
        String jarName = options.get("-jar", null);
        if (jarName == null) {
            throw new IllegalArgumentException("submit needs -jar FILE\n" + usage());
        }
        String mainName = options.get("-main", null);
        String executors = options.get("-executors", "2");
        try {
            if (Integer.parseInt(executors) < 1) {
                throw new NumberFormatException();
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-executors must be a number of at least 1, got '" + executors + "'");
        }
        Path jar = Path.of(jarName);
        if (!Files.isRegularFile(jar)) {
            throw new IllegalArgumentException("no such jar: " + jar);
        }
        checkIsJar(jar);
        String main = mainName != null ? mainName : manifestMain(jar);
        URLClassLoader loader;
        Method method;
        try {
            loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, GearCli.class.getClassLoader());
            Class<?> c = Class.forName(main, true, loader);
            method = c.getMethod("main", String[].class);
            if (!Modifier.isStatic(method.getModifiers())) {
                throw new IllegalArgumentException("main class " + main + " has no static main(String[])");
            }
        } catch (ClassNotFoundException | NoClassDefFoundError e) {
            throw new IllegalArgumentException("main class " + main + " not found in " + jar);
        } catch (LinkageError e) { // built for a newer JDK, or a static initializer that throws
            throw new IllegalArgumentException("main class " + main + " cannot be loaded: " + e);
        } catch (NoSuchMethodException e) {
            throw new IllegalArgumentException("main class " + main + " has no public static main(String[])");
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jar + ": " + e.getMessage());
        }
        Path app = jar.toAbsolutePath();
        int executorCount = Integer.parseInt(executors);
        List<RemoteCluster> opened = new CopyOnWriteArrayList<>();
        Supplier<Cluster> clusters = () -> {
            RemoteCluster cluster = new RemoteCluster(new ClusterClient(config, masters), app, executorCount);
            opened.add(cluster);
            return cluster;
        };
        AtomicReference<Throwable> thrown = new AtomicReference<>(); // set on the main's thread, read once it ended
        runOnItsOwnThread(main, loader, SubmissionContext.bind(clusters, () -> {
            try {
                method.invoke(null, (Object) args.toArray(String[]::new));
            } catch (InvocationTargetException e) {
                thrown.set(e.getCause());
            } catch (IllegalAccessException e) {
                thrown.set(e);
            }
        }));
        opened.forEach(RemoteCluster::close);
        Throwable t = thrown.get();
        if (t instanceof IllegalAccessException) {
            throw new IllegalArgumentException("main class " + main + " is not public");
        }
        if (t != null) {
            throw new IllegalStateException("the main of " + main + " threw " + t, t);
        }
        return 0;
    }

    /** Runs {@code main} on a new thread whose context class loader is the jar's, and waits for it to end. */
    private static void runOnItsOwnThread(String mainClass, ClassLoader loader, Runnable main) {
        Thread thread = Thread.ofPlatform().name("main of " + mainClass).unstarted(main);
        thread.setContextClassLoader(loader);
        thread.start();
        try {
            thread.join();
        } catch (InterruptedException e) {
            thread.interrupt();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the main of " + mainClass + " ran");
        }
    }

    private static void checkIsJar(Path jar) {
        byte[] head = new byte[4];
        try (InputStream in = Files.newInputStream(jar)) {
            if (in.readNBytes(head, 0, 4) < 4 || head[0] != 'P' || head[1] != 'K' || head[2] != 3 || head[3] != 4) {
                throw new IllegalArgumentException("'" + jar + "' is not a jar (not a zip file)");
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + jar + ": " + e.getMessage());
        }
    }

    private static String manifestMain(Path jar) {
        try (JarFile j = new JarFile(jar.toFile())) {
            String main = j.getManifest() == null ? null : j.getManifest().getMainAttributes().getValue("Main-Class");
            if (main == null) {
                throw new IllegalArgumentException(jar + " names no Main-Class in its manifest; give -main CLASS");
            }
            return main;
        } catch (IOException e) {
            throw new IllegalArgumentException("'" + jar + "' is not a jar: " + e.getMessage());
        }
    }

    private static int appId(CommandOptions options) {
        String id = options.get("-appid", null);
        if (id == null) {
            throw new IllegalArgumentException("needs -appid N");
        }
        try {
            return Integer.parseInt(id);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("-appid must be a number, got '" + id + "'");
        }
    }

    static String usage() {
        return """
                usage: gear submit -jar FILE [-main CLASS] [-executors N] [-conf FILE] [-master HOST:PORT[,...]] [app args]
                       gear list [-master HOST:PORT[,...]] [-conf FILE]
                       gear cluster [-master HOST:PORT[,...]] [-conf FILE]
                       gear status -appid N [-master HOST:PORT[,...]] [-conf FILE]
                       gear kill -appid N [-master HOST:PORT[,...]] [-conf FILE]
                       gear token [-conf FILE]""";
    }
}
