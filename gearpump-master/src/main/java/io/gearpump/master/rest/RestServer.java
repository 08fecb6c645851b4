package io.gearpump.master.rest;

import io.gearpump.core.config.GearConfig;
import io.gearpump.master.cluster.MasterService;
import io.gearpump.net.auth.ApiToken;
import io.gearpump.net.node.NodeContext;

import com.sun.net.httpserver.HttpServer;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A master's REST API and web dashboard ({@link DashboardFiles}, at {@code /}): an HTTP server on {@code gearpump.net.bind.address} and {@code gearpump.rest.port}
 * (or a port given, 0 for any free one) whose exchanges run on virtual threads. Once listening it tells
 * the master its address, which the master records through Raft while it leads, so followers can
 * redirect to it. Closing stops the server and the submissions' child JVMs; close it before the master.
 */
public final class RestServer implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(RestServer.class);
    /** How long an exchange waits for the master's answer beyond the request timeout (a kill stops executors). */
    private static final Duration EXTRA_WAIT = Duration.ofSeconds(5);

    private final HttpServer server;
    private static final int MAX_THREADS = 32;
    private static final int SUBMISSIONS_RETAINED = 20; // ended REST submissions whose logs a master keeps

    private final ExecutorService threads;
    private final Submissions submissions;
    private final String url;

    private RestServer(MasterService master, int port, Path dir) throws IOException {
        GearConfig config = master.config();
        String bindHost = config.get(GearConfig.BIND_ADDRESS);
        InetSocketAddress bind = new InetSocketAddress(bindHost, port);
        this.server = HttpServer.create(bind, 64);
        InetSocketAddress bound = server.getAddress();
        String host = bound.getAddress().isAnyLocalAddress() ? NodeContext.parseAddress(master.address()).getHostString() : bindHost;
        this.url = "http://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + bound.getPort();
        // platform threads, a few: the OS time-slices them against busy tasks, where virtual threads would queue
        // for the carriers the tasks keep busy
        this.threads = new java.util.concurrent.ThreadPoolExecutor(0, MAX_THREADS, 30, java.util.concurrent.TimeUnit.SECONDS,
                new java.util.concurrent.SynchronousQueue<>(), Thread.ofPlatform().daemon().name("rest-" + bound.getPort() + "-", 0).factory(),
                new java.util.concurrent.ThreadPoolExecutor.CallerRunsPolicy());
        this.submissions = new Submissions(dir, config, master.members(), Clock.systemUTC(), SUBMISSIONS_RETAINED);
        String secret = config.get(GearConfig.CLUSTER_SECRET);
        ApiHandler.Settings settings = new ApiHandler.Settings(secret.isEmpty() ? null : ApiToken.of(secret),
                config.get(GearConfig.REST_READS_OPEN),
                Duration.ofMillis(config.get(GearConfig.REQUEST_TIMEOUT_MS)).plus(EXTRA_WAIT),
                config.get(GearConfig.FRAME_MAX_BYTES) - (64 << 10));
        server.setExecutor(threads);
        server.createContext("/api", new ApiHandler(master, submissions, settings, url));
        server.createContext("/", new DashboardFiles(RestServer.class.getClassLoader())); // every other path
        server.start();
        master.restServing(url);
        LOG.info("master {}: REST API on {}{}, dashboard on {}/", master.address(), url, Routes.BASE, url);
    }

    /**
     * Serves the REST API of {@code master} on {@code port} (0: any free port), keeping submitted jars
     * and their logs under {@code dir}.
     */
    public static RestServer start(MasterService master, int port, Path dir) throws IOException {
        return new RestServer(master, port, dir);
    }

    /** The REST API as configured ({@code gearpump.rest.port}), or null when it is turned off (-1). */
    public static RestServer startIfEnabled(MasterService master, Path dir) throws IOException {
        int port = master.config().get(GearConfig.REST_PORT);
        return port < 0 ? null : start(master, port, dir);
    }

    /** The API's base address, e.g. {@code http://127.0.0.1:8090/api/v1}. */
    public String url() {
        return url + Routes.BASE;
    }

    /** The port it listens on. */
    public int port() {
        return server.getAddress().getPort();
    }

    @Override
    public void close() {
        server.stop(0);
        threads.shutdownNow();
        try {
            threads.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        submissions.close();
    }

    @Override
    public String toString() {
        return "REST API on " + url();
    }
}
