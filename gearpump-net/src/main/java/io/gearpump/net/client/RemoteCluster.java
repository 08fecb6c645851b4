package io.gearpump.net.client;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.CheckpointStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.AppClock;
import io.gearpump.core.cluster.AppMasterProtocol.ProcessorReport;
import io.gearpump.core.cluster.ClientProtocol.AppReport;
import io.gearpump.core.cluster.ClientProtocol.AppSummary;
import io.gearpump.core.cluster.ClientProtocol.CheckpointInfo;
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
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Supplier;

/**
 * A cluster of masters and workers, as an application's main sees it when launched by
 * {@code bin/gear submit} (which gives it to the main's {@code Cluster.connect()} through a
 * {@link io.gearpump.core.api.SubmissionContext}): submissions carry the jar the main came from and
 * ask for its executor count. Counters are summed over the executors by the AppMaster and arrive
 * with its reports (every 250 ms).
 */
public final class RemoteCluster implements Cluster {

    private final ClusterClient client;
    private final Path jar;
    private final int executors;
    private final AtomicBoolean closed = new AtomicBoolean();

    private static final int SUBMISSION_OVERHEAD = 4096; // the request's other fields and the frame's header, generously

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
        byte[] description = AppDescription.of(app).toBytes();
        int room = client.maxFrameBytes() - SUBMISSION_OVERHEAD;
        if ((long) bytes.length + description.length > room) {
            throw new IllegalArgumentException(String.format(java.util.Locale.ROOT, "the application jar %s (%,d bytes) and the"
                    + " description of %s (%,d bytes) do not fit in one submission of at most %,d bytes: raise %s (on this client"
                    + " and on the masters)", jar, bytes.length, app.name(), description.length, room, GearConfig.FRAME_MAX_BYTES.name()));
        }
        int appId = client.submit(new SubmitApp(app.name(), System.getProperty("user.name"), jar.getFileName().toString(),
                bytes, description, executors, SubmitApp.newId()));
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

    /** Closes the connection to the masters; again, does nothing. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            client.close();
        }
    }

    /** The user-facing status of a master's report. */
    public static AppStatus toStatus(AppReport r) {
        AppSummary s = r.summary();
        List<ProcessorStatus> processors = new ArrayList<>();
        Map<String, Long> counters = Map.of();
        Instant clock = null;
        String checkpointFailure = null;
        int restarts = 0;
        if (r.detail() != null) {
            for (ProcessorReport p : r.detail().processors()) {
                processors.add(new ProcessorStatus(p.processorId(), p.description(), p.parallelism(), p.received(), p.sent(),
                        s.state() == AppState.RUNNING ? p.parallelism() : 0));
            }
            counters = Map.copyOf(r.detail().counters());
            clock = AppClock.instant(r.detail().clockMillis());
            checkpointFailure = r.detail().checkpointFailure();
            restarts = r.detail().restarts();
        }
        CheckpointInfo c = s.checkpoint();
        CheckpointStatus checkpoint = c.id() == 0 ? CheckpointStatus.NONE
                : new CheckpointStatus(c.id(), Instant.ofEpochMilli(c.completedMillis()), c.bytes(), c.durationMillis());
        return new AppStatus(s.appId(), s.name(), s.state(), Instant.ofEpochMilli(s.submittedMillis()),
                null, clock, processors, counters, s.failure(), checkpoint, checkpointFailure, restarts);
    }
}
