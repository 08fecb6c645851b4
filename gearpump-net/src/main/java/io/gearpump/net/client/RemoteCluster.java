package io.gearpump.net.client;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.cluster.ClusterError;
import io.gearpump.core.cluster.ClusterException;
import io.gearpump.core.config.GearConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * A cluster of masters and workers, as an application's main sees it when launched by
 * {@code bin/gear submit}: submissions carry the jar the main came from. Counters are summed over
 * the executors by the AppMaster and arrive with its reports (every 250 ms).
 */
public final class RemoteCluster implements Cluster {

    /** Set by {@code bin/gear submit}: the application's jar, sent with every submission. */
    public static final String SUBMIT_JAR_PROPERTY = "gear.submit.jar";
    /** Set by {@code bin/gear submit -executors N}. */
    public static final String SUBMIT_EXECUTORS_PROPERTY = "gear.submit.executors";

    private final ClusterClient client;
    private final Path jar;
    private final int executors;

    public RemoteCluster(ClusterClient client, Path jar, int executors) {
        this.client = client;
        this.jar = jar;
        this.executors = executors;
    }

    @Override
    public int submit(Application app) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(jar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the application jar " + jar, e);
        }
        int appId = client.submit(new SubmitApp(app.name(), System.getProperty("user.name"), jar.getFileName().toString(),
                bytes, AppDescription.of(app).toBytes(), executors, SubmitApp.newId()));
        System.out.println("submitted application " + appId + " (" + app.name() + ")");
        return appId;
    }

    @Override
    public AppStatus status(int appId) {
        return known(appId, () -> client.status(appId));
    }

    /** The report {@code ask} gets, as a status; an unknown id as the API's exception. */
    private static AppStatus known(int appId, Supplier<AppReport> ask) {
        try {
            return toStatus(ask.get());
        } catch (ClusterException e) {
            if (e.error() == ClusterError.UNKNOWN_APP) {
                throw new UnknownApplicationException(appId, List.of());
            }
            throw e;
        }
    }

    @Override
    public List<AppStatus> list() {
        List<AppStatus> out = new ArrayList<>();
        for (AppSummary s : client.list()) {
            out.add(toStatus(new AppReport(s, null)));
        }
        return out;
    }

    @Override
    public void stop(int appId) {
        client.stop(appId);
    }

    @Override
    public AppStatus kill(int appId) {
        client.kill(appId);
        return status(appId);
    }

    /** Long-polls the leader ({@link ClusterClient#awaitEnd}): returns as soon as the end is committed. */
    @Override
    public AppStatus await(int appId, Duration timeout) {
        return known(appId, () -> client.awaitEnd(appId, timeout));
    }

    @Override
    public void close() {
        client.close();
    }

    /** The user-facing status of a master's report. */
    public static AppStatus toStatus(AppReport r) {
        AppSummary s = r.summary();
        List<ProcessorStatus> processors = new ArrayList<>();
        Map<String, Long> counters = Map.of();
        Instant clock = null;
        if (r.detail() != null) {
            for (ProcessorReport p : r.detail().processors()) {
                processors.add(new ProcessorStatus(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(),
                        s.state() == AppState.RUNNING ? p.parallelism() : 0));
            }
            counters = Map.copyOf(r.detail().counters());
            clock = AppClock.instant(r.detail().clockMillis());
        }
        return new AppStatus(s.appId(), s.name(), s.state(), Instant.ofEpochMilli(s.submittedMillis()),
                null, clock, processors, counters, s.failure());
    }

    /** Lets {@link Cluster#connect()} find the remote cluster when {@code bin/gear submit} launched the main. */
    public static final class Provider implements Cluster.Provider {
        @Override
        public String kind() {
            return "remote";
        }

        @Override
        public Cluster open() {
            String masters = System.getProperty(SUBMIT_MASTERS_PROPERTY);
            String jar = System.getProperty(SUBMIT_JAR_PROPERTY);
            if (masters == null || jar == null) {
                throw new IllegalStateException("a remote cluster needs -D" + SUBMIT_MASTERS_PROPERTY + " and -D"
                        + SUBMIT_JAR_PROPERTY + " (bin/gear submit sets both)");
            }
            return new RemoteCluster(new ClusterClient(GearConfig.load(), masters), Path.of(jar),
                    Integer.getInteger(SUBMIT_EXECUTORS_PROPERTY, 2));
        }
    }
}
