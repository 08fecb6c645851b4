package io.gearpump.core.runtime;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.metrics.EngineMetrics;
import io.gearpump.core.metrics.TaskSample;
import io.gearpump.core.task.NanoClock;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.RunId;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs applications inside this JVM, every task on its own virtual thread. Application ids start
 * at 1. A run goes by its key ({@link RunId#key()}), the {@code appId} every method takes: the
 * application id, except for the attempts an executor runs. Thread-safe.
 */
public final class LocalEngine implements AutoCloseable {

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final GearConfig config;
    private final Clock wallClock;
    private final NanoClock nanoClock;
    private final EngineMetrics metrics;
    private final AtomicInteger lastAppId = new AtomicInteger();
    private final ConcurrentSkipListMap<Integer, ApplicationRun> apps = new ConcurrentSkipListMap<>();

    public LocalEngine(GearConfig config) {
        this(config, Clock.systemUTC(), NanoClock.SYSTEM);
    }

    public LocalEngine(GearConfig config, Clock wallClock, NanoClock nanoClock) {
        this(config, wallClock, nanoClock, EngineMetrics.start(config, "local", 0, id -> id));
    }

    /** An engine whose tasks keep their metrics in {@code metrics} (closed with the engine). */
    public LocalEngine(GearConfig config, Clock wallClock, NanoClock nanoClock, EngineMetrics metrics) {
        this.config = config;
        this.wallClock = wallClock;
        this.nanoClock = nanoClock;
        this.metrics = metrics;
    }

    /** Starts the application and returns its id; an application that cannot run is refused here. */
    public int submit(Application app) {
        int id = lastAppId.incrementAndGet();
        start(RunId.of(id), app, RemoteLinks.ALL_LOCAL, Instant.EPOCH, PartCheckpoints.NONE);
        return id;
    }

    /**
     * Runs the part of application {@code appId} that {@code links} places in this JVM; the other
     * JVMs run theirs under the same id. Status and state cover this JVM's tasks. Every task starts
     * from {@code startTime} (its {@code onStart}): the application clock a restart replays from.
     */
    public void submitPart(int appId, Application app, RemoteLinks links, Instant startTime) {
        submitPart(RunId.of(appId), app, links, startTime, PartCheckpoints.NONE);
    }

    /**
     * Like {@link #submitPart(int, Application, RemoteLinks, Instant)} for {@code run}, which goes by
     * its key here; the tasks take part in checkpoints as {@code checkpoints} says.
     */
    public void submitPart(RunId run, Application app, RemoteLinks links, Instant startTime, PartCheckpoints checkpoints) {
        if (apps.containsKey(run.key())) {
            throw new IllegalArgumentException(run + " is already running here");
        }
        lastAppId.accumulateAndGet(run.key(), Math::max);
        start(run, app, links, startTime, checkpoints);
    }

    private void start(RunId run, Application app, RemoteLinks links, Instant startTime, PartCheckpoints checkpoints) {
        ApplicationRun runner;
        try {
            runner = new ApplicationRun(run, app, config, wallClock, nanoClock, links, startTime, checkpoints, metrics);
        } catch (OutOfMemoryError e) {
            // what the half-built network took is garbage again: say so and keep this JVM's own threads going
            throw new HeapExhaustedException("out of memory while building application " + app.name() + " here ("
                    + app.graph().processors().stream().mapToInt(p -> p.parallelism()).sum() + " tasks in all, heap max "
                    + (Runtime.getRuntime().maxMemory() >> 20) + " MB): give this JVM more heap (-Xmx; for executors"
                    + " gearpump.executor.jvm.opts) or lower the application's parallelism");
        }
        apps.put(run.key(), runner);
        runner.start();
    }

    public AppStatus status(int appId) {
        return run(appId).status();
    }

    public List<AppStatus> list() {
        return apps.values().stream().map(ApplicationRun::status).toList();
    }

    /** The application's sources here take checkpoint {@code checkpointId} and send its barrier on. */
    public void triggerCheckpoint(int appId, long checkpointId) {
        run(appId).triggerCheckpoint(checkpointId);
    }

    /** Checkpoint {@code checkpointId} completed: the application's stateful tasks here hear of it. */
    public void checkpointCompleted(int appId, long checkpointId) {
        run(appId).checkpointCompleted(checkpointId);
    }

    /** The application's tasks here stop aligning checkpoint {@code checkpointId}, if they are. */
    public void abandonCheckpoint(int appId, long checkpointId) {
        run(appId).abandonCheckpoint(checkpointId);
    }

    /** Ends the application gracefully: sources end their streams and everything in flight is processed. */
    public void stop(int appId) {
        run(appId).stop();
    }

    /** Ends the application at once and waits (bounded) for its tasks to end. */
    public AppStatus kill(int appId) throws InterruptedException {
        ApplicationRun run = run(appId);
        run.kill(KILL_WAIT);
        return run.status();
    }

    /** Waits until the application has ended, or the timeout passes; returns its status then. */
    public AppStatus awaitTermination(int appId, Duration timeout) throws InterruptedException {
        return run(appId).await(timeout);
    }

    /** The latest second's metrics of application {@code appId}'s tasks here (none once it ended). */
    public List<TaskSample> taskSamples(int appId) {
        return metrics.samples(appId);
    }

    /** This engine's metrics. */
    public EngineMetrics metrics() {
        return metrics;
    }

    public GearConfig config() {
        return config;
    }

    /** Kills every application still running (an interrupt cuts the wait short and is kept). */
    @Override
    public void close() {
        try {
            for (ApplicationRun run : apps.values()) {
                run.kill(KILL_WAIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            metrics.close();
        }
    }

    private ApplicationRun run(int appId) {
        ApplicationRun run = apps.get(appId);
        if (run == null) {
            throw new UnknownApplicationException(appId, apps.keySet());
        }
        return run;
    }
}
