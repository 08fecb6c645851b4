package io.gearpump.core.metrics;

import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;

import com.codahale.metrics.MetricRegistry;

import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.IntUnaryOperator;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one engine (an executor, or an in-process {@code LocalEngine}): its registry, the
 * JVM's gauges, the tasks' metrics, a thread that samples them once a second, and the reporter the
 * configuration asks for. Task metrics are registered when an application part starts and removed
 * when it ends (their counts stay in the application's status).
 *
 * <p>Threads: {@link #register} and {@link #unregister} from the engine's callers; the sampling
 * thread reads the map; reporters read the registry (a concurrent one).
 */
public final class EngineMetrics implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EngineMetrics.class);
    private static final long SAMPLE_EVERY_MILLIS = 1000;

    private final MetricRegistry registry = new MetricRegistry();
    private final int sampleEvery;
    private final IntUnaryOperator appIdOf;
    private final JvmGauges jvm;
    private final ConcurrentHashMap<Integer, Queue<TaskMetrics>> tasks = new ConcurrentHashMap<>();
    private final ScheduledExecutorService sampler;
    private final Reporters reporters;

    private EngineMetrics(GearConfig config, String jvmScope, int executorId, IntUnaryOperator appIdOf) {
        this.sampleEvery = config.get(GearConfig.METRICS_SAMPLE_RATE);
        this.appIdOf = appIdOf;
        this.jvm = new JvmGauges(registry, jvmScope, executorId);
        this.reporters = Reporters.start(registry, config); // first: if it throws, no sampling thread is left behind
        this.sampler = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "gearpump-metrics " + jvmScope);
            t.setDaemon(true);
            return t;
        });
        sampler.scheduleAtFixedRate(this::sampleAll, SAMPLE_EVERY_MILLIS, SAMPLE_EVERY_MILLIS, TimeUnit.MILLISECONDS);
    }

    private EngineMetrics() {
        this.sampleEvery = Integer.MAX_VALUE;
        this.appIdOf = id -> id;
        this.jvm = null;
        this.sampler = null;
        this.reporters = null;
    }

    /** No metrics at all. */
    public static EngineMetrics off() {
        return new EngineMetrics();
    }

    /**
     * An engine's metrics as {@code gearpump.metrics.*} configures them (none when disabled): its JVM's
     * gauges under {@code jvmScope} (as {@code app3.executor1}), its tasks under
     * {@code app<appIdOf(engine's id)>.processor<P>.task<I>}.
     */
    public static EngineMetrics start(GearConfig config, String jvmScope, int executorId, IntUnaryOperator appIdOf) {
        return config.get(GearConfig.METRICS_ENABLED) ? new EngineMetrics(config, jvmScope, executorId, appIdOf) : off();
    }

    /** The metrics of task {@code task} of the engine's application {@code engineAppId}. */
    public TaskMetrics register(int engineAppId, TaskId task, TaskProbe probe) {
        if (sampler == null) {
            return TaskMetrics.OFF;
        }
        String scope = "app" + appIdOf.applyAsInt(engineAppId) + ".processor" + task.processorId() + ".task" + task.index();
        TaskMetrics m = new TaskMetrics(registry, scope, task.processorId(), task.index(), probe, sampleEvery, System.nanoTime());
        tasks.computeIfAbsent(engineAppId, id -> new ConcurrentLinkedQueue<>()).add(m);
        return m;
    }

    /** The application part ended: its tasks' metrics leave the registry (their counts stay in its status). */
    public void unregister(int engineAppId) {
        Queue<TaskMetrics> gone = tasks.remove(engineAppId);
        if (gone != null) {
            gone.forEach(m -> m.removeFrom(registry));
        }
    }

    /** The latest second's sample of each task of application {@code engineAppId} that has one. */
    public List<TaskSample> samples(int engineAppId) {
        List<TaskSample> out = new ArrayList<>();
        Queue<TaskMetrics> q = tasks.get(engineAppId);
        if (q != null) {
            for (TaskMetrics m : q) {
                TaskSample s = m.latest();
                if (s != null) {
                    out.add(s);
                }
            }
        }
        return out;
    }

    /** This JVM's vital signs; {@code null} when metrics are off. */
    public ExecutorSample executor() {
        return jvm == null ? null : jvm.sample();
    }

    public MetricRegistry registry() {
        return registry;
    }

    private void sampleAll() {
        long now = System.nanoTime();
        try {
            for (Queue<TaskMetrics> q : tasks.values()) {
                for (TaskMetrics m : q) {
                    m.sample(now);
                }
            }
        } catch (RuntimeException e) { // a throw would cancel the schedule: metrics must never stop
            LOG.warn("sampling task metrics failed", e);
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            reporters.close();
        }
    }
}
