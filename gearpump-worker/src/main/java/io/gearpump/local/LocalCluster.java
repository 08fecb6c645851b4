package io.gearpump.local;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.AppMetricsHistory;
import io.gearpump.core.cluster.ClientProtocol.GetAppMetrics;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.config.GearConfig;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.master.raft.MemoryStorage;
import io.gearpump.master.rest.RestServer;
import io.gearpump.net.client.ClusterClient;
import io.gearpump.net.client.RemoteCluster;
import io.gearpump.net.node.NodeContext;
import io.gearpump.worker.daemon.InProcessLauncher;
import io.gearpump.worker.daemon.WorkerService;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * A whole Gearpump cluster inside this JVM: the real master and a worker, whose executors (the
 * application's AppMaster and the executor hosting its tasks) run as threads here instead of child
 * JVMs. The quickest way to run an application, from a main method, a test or jshell.
 *
 * <pre>{@code
 * try (LocalCluster cluster = LocalCluster.start()) {
 *     int appId = cluster.submit(Application.of("wordcount", Graph.of(split.to(sum))));
 *     ...
 *     cluster.kill(appId);
 * }
 * }</pre>
 *
 * Every method is thread-safe. Closing the cluster kills the applications still running; their
 * last status stays readable. The master serves its REST API on any free port ({@link #restAddress()}),
 * unless {@code gearpump.rest.port} is set.
 */
public final class LocalCluster implements Cluster {

    private static final Duration WORKER_WAIT = Duration.ofSeconds(10);
    private static final byte[] NO_JAR = emptyJar(); // the classes are already here
    private static final AtomicInteger LOCAL_CLUSTERS = new AtomicInteger();

    private final NodeContext masterNode;
    private final NodeContext workerNode;
    private final MasterService master;
    private final WorkerService worker;
    private final ClusterClient client;
    private final RestServer rest; // null when gearpump.rest.port = -1
    private final Path restDir; // submitted jars and their logs; deleted at close
    private final UserClassLoader userClasses;
    private final Map<Integer, AppStatus> afterClose = new TreeMap<>();
    private volatile boolean closed;

    private LocalCluster(GearConfig config) {
        userClasses = new UserClassLoader(LocalCluster.class.getClassLoader());
        masterNode = MasterService.startNode("local-master", config, LocalCluster.class.getClassLoader());
        try {
            master = new MasterService(masterNode, new InetSocketAddress("127.0.0.1", 0), Clock.systemUTC(),
                    new MemoryStorage("master"));
        } catch (IOException e) {
            masterNode.close();
            throw new UncheckedIOException("the local master cannot listen: " + e.getMessage(), e);
        }
        restDir = Path.of(System.getProperty("java.io.tmpdir"), "gearpump-local-" + ProcessHandle.current().pid() + "-"
                + LOCAL_CLUSTERS.incrementAndGet());
        rest = startRest(config);
        workerNode = NodeContext.start("local-worker", config, LocalCluster.class.getClassLoader());
        worker = new WorkerService(workerNode, java.util.List.of(master.address()),
                new InProcessLauncher(workerNode, () -> userClasses), Integer.MAX_VALUE / 2);
        client = new ClusterClient(config, master.address());
        awaitWorker();
    }

    /** The REST API on any free port, unless gearpump.rest.port is set (-1: none). */
    private RestServer startRest(GearConfig config) {
        int port = config.isSet(GearConfig.REST_PORT) ? config.get(GearConfig.REST_PORT) : 0;
        if (port < 0) {
            return null;
        }
        try {
            return RestServer.start(master, port, restDir);
        } catch (IOException | RuntimeException e) {
            master.close();
            masterNode.close();
            throw new IllegalStateException("the local master's REST API cannot listen on port " + port + ": " + e.getMessage(), e);
        }
    }

    /**
     * The master's REST API, e.g. {@code http://127.0.0.1:41234/api/v1}: on any free port unless
     * {@code gearpump.rest.port} says otherwise.
     *
     * @throws IllegalStateException when {@code gearpump.rest.port} is -1
     */
    public String restAddress() {
        if (rest == null) {
            throw new IllegalStateException("this cluster has no REST API (" + GearConfig.REST_PORT.name() + " = -1)");
        }
        return rest.url();
    }

    /** A cluster with the configuration from {@code -Dgearpump.conf} and {@code -Dgearpump.*} (or defaults). */
    public static LocalCluster start() {
        return start(GearConfig.load());
    }

    public static LocalCluster start(GearConfig config) {
        return new LocalCluster(config);
    }

    /** Starts the application with all its tasks in one in-process executor; returns its id. */
    @Override
    public int submit(Application app) {
        Graph g = app.graph();
        g.processors().forEach(p -> userClasses.add(p.taskClass().getClassLoader()));
        g.edges().forEach(e -> userClasses.add(e.partitioner().getClass().getClassLoader()));
        return client.submit(new SubmitApp(app.name(), System.getProperty("user.name"), "local.jar", NO_JAR,
                AppDescription.of(app).toBytes(), 1, SubmitApp.newId()));
    }

    @Override
    public AppStatus status(int appId) {
        if (closed) {
            AppStatus last = afterClose.get(appId);
            if (last == null) {
                throw new UnknownApplicationException(appId, afterClose.keySet());
            }
            return last;
        }
        return RemoteCluster.toStatus(known(appId, () -> client.status(appId)));
    }

    /** What {@code ask} gets; an unknown id as the API's exception, naming the known ones. */
    private <T> T known(int appId, Supplier<T> ask) {
        try {
            return ask.get();
        } catch (ClusterException e) {
            if (e.error() == ClusterError.UNKNOWN_APP) {
                throw new UnknownApplicationException(appId, client.list().stream().map(s -> s.appId()).toList());
            }
            throw e;
        }
    }

    /**
     * The application's metrics: the last second's per processor, task and executor, and each processor's
     * recent past (see {@link GetAppMetrics}).
     */
    public AppMetricsHistory metrics(int appId) {
        return known(appId, () -> client.metrics(appId));
    }

    /** Every application submitted to this cluster, oldest first. */
    @Override
    public List<AppStatus> list() {
        List<AppStatus> out = new ArrayList<>();
        client.list().forEach(s -> out.add(status(s.appId())));
        return out;
    }

    /** Ends the application gracefully: sources stop, what is in flight is processed, onStop runs. */
    @Override
    public void stop(int appId) {
        status(appId);
        client.stop(appId);
    }

    /**
     * Ends the application at once (onStop does not run) and returns its status once it has ended;
     * an application that had ended already keeps its final state.
     */
    @Override
    public AppStatus kill(int appId) {
        status(appId);
        try {
            client.kill(appId);
        } catch (ClusterException e) {
            if (e.error() != ClusterError.APP_ENDED) {
                throw e;
            }
        }
        return await(appId, Duration.ofSeconds(10));
    }

    /**
     * Waits for the application to end, at most {@code timeout}; returns its status then. Long-polls
     * the master ({@link ClusterClient#awaitEnd}), so it returns as soon as the end is committed.
     */
    @Override
    public AppStatus await(int appId, Duration timeout) {
        if (closed) {
            return status(appId);
        }
        return RemoteCluster.toStatus(known(appId, () -> client.awaitEnd(appId, timeout)));
    }

    /** Returns once the master has registered the worker (the worker hears it in the master's answer). */
    private void awaitWorker() {
        try {
            worker.registered().get(WORKER_WAIT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException | ExecutionException e) {
            close();
            throw new IllegalStateException("the local worker did not register with the local master within " + WORKER_WAIT.toSeconds() + " s");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("interrupted while the local worker registered with the local master");
        }
    }

    /** Lets {@link Cluster#connect()} find the local cluster. */
    public static final class Provider implements Cluster.Provider {
        @Override
        public String kind() {
            return "local";
        }

        @Override
        public Cluster open() {
            return LocalCluster.start();
        }
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        try {
            for (AppStatus s : list()) {
                afterClose.put(s.appId(), s.state().isFinal() ? s : kill(s.appId()));
            }
        } catch (RuntimeException e) {
            // going down anyway
        }
        closed = true;
        if (rest != null) {
            rest.close();
        }
        client.close();
        worker.close();
        master.close();
        workerNode.close();
        masterNode.close();
        deleteRestDir();
    }

    private void deleteRestDir() {
        if (!Files.exists(restDir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(restDir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException | UncheckedIOException e) {
            // a temporary directory: left behind at worst
        }
    }

    private static byte[] emptyJar() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Manifest m = new Manifest();
        m.getMainAttributes().putValue("Manifest-Version", "1.0");
        try (JarOutputStream jar = new JarOutputStream(bytes, m)) {
            jar.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }
}
