package io.gearpump.core.config;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.UserConfig;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The engine's configuration: {@code conf/gear.conf} in Java properties syntax, with {@code -D}
 * system properties over it. Every {@code gearpump.*} key must be a known one (or under a known
 * prefix such as {@code gearpump.serializers.}); all values are parsed and validated once, at load.
 */
public final class GearConfig {

    /** Messages a task's inbox holds before upstream tasks wait. */
    public static final ConfigKey<Integer> INBOX_CAPACITY = ConfigKey.positiveInt("gearpump.task.inbox.capacity", 8192);
    /** Messages gathered per downstream task before they are handed over. */
    public static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.positiveInt("gearpump.task.batch.size", 512);
    /** How often a busy task forwards its watermark to downstream tasks that got no data. */
    /**
     * Messages a task may hold in the batches it is filling for all its downstream tasks together: with a
     * large fan-out each batch is smaller (at least {@code 8}), so a task's memory does not grow with the
     * number of tasks it feeds.
     */
    /**
     * Messages all the inboxes of an application's tasks in one JVM may hold together: with many tasks each
     * inbox is smaller than {@code gearpump.task.inbox.capacity} (at least 64), so memory in flight does not
     * grow with the number of tasks.
     */
    public static final ConfigKey<Integer> INFLIGHT_BUDGET = ConfigKey.positiveInt("gearpump.task.inflight.budget", 1 << 20);
    public static final ConfigKey<Integer> OUTPUT_BUDGET = ConfigKey.positiveInt("gearpump.task.output.budget", 8192);
    /**
     * How full the heap may stay after a garbage collection, in percent, before the engine stops the
     * application with the most tasks in that JVM (failing it with that cause) rather than let an
     * OutOfMemoryError hit its own threads; 0 turns the guard off.
     */
    public static final ConfigKey<Integer> HEAP_GUARD_PERCENT = ConfigKey.nonNegativeInt("gearpump.heap.guard.percent", 92);
    public static final ConfigKey<Integer> WATERMARK_INTERVAL_MS = ConfigKey.positiveInt("gearpump.task.watermark.interval.ms", 100);
    /**
     * Times a task that ran out of work lets the other tasks run before it parks: work that arrives
     * meanwhile needs no wake-up (a park and an unpark cost more than a yield), 0 parks at once.
     */
    public static final ConfigKey<Integer> IDLE_YIELDS = ConfigKey.nonNegativeInt("gearpump.task.idle.yields", 2);
    /** Whether a one-to-one edge into a task with no other input runs both tasks on one thread (operator chaining). */
    public static final ConfigKey<Boolean> CHAINING = ConfigKey.bool("gearpump.task.chaining", true);
    /** The master group, {@code host:port[,host:port...]}; used by clients, workers and masters. */
    public static final ConfigKey<String> MASTERS = ConfigKey.string("gearpump.cluster.masters", "127.0.0.1:3000");

    /** Where a master keeps its Raft log and snapshots; each master uses the subfolder named after its address. */
    public static final ConfigKey<String> MASTER_DIR = ConfigKey.string("gearpump.master.dir", "data");
    /**
     * A master snapshots its state once this many bytes of commands were applied since the last snapshot
     * (submissions carry their jars), and then cuts its log on disk: what bounds its directory.
     */
    public static final ConfigKey<Integer> MASTER_SNAPSHOT_BYTES = ConfigKey.positiveInt("gearpump.master.snapshot.bytes", 32 << 20);
    /** How long clients, workers and AppMasters keep looking for a leader before a request fails. */
    public static final ConfigKey<Integer> FAILOVER_TIMEOUT_MS = ConfigKey.positiveInt("gearpump.cluster.failover.timeout.ms", 5000);

    /** Shared secret; when set, every connection proves knowledge of it (HMAC) before anything else. */
    public static final ConfigKey<String> CLUSTER_SECRET = ConfigKey.optionalString("gearpump.cluster.secret");
    /** Largest frame accepted from a peer; a bigger one closes the connection without being read. */
    public static final ConfigKey<Integer> FRAME_MAX_BYTES = ConfigKey.positiveInt("gearpump.net.frame.max.bytes", 16 << 20);
    /** Selector threads per process. */
    public static final ConfigKey<Integer> EVENT_LOOPS = ConfigKey.positiveInt("gearpump.net.event.loops", 2);
    /** Address servers bind to. */
    public static final ConfigKey<String> BIND_ADDRESS = ConfigKey.string("gearpump.net.bind.address", "127.0.0.1");
    public static final ConfigKey<Integer> HEARTBEAT_INTERVAL_MS = ConfigKey.positiveInt("gearpump.net.heartbeat.interval.ms", 1000);
    /** Silence after which a peer is declared dead and its connection closed. */
    public static final ConfigKey<Integer> HEARTBEAT_TIMEOUT_MS = ConfigKey.positiveInt("gearpump.net.heartbeat.timeout.ms", 5000);
    public static final ConfigKey<Integer> REQUEST_TIMEOUT_MS = ConfigKey.positiveInt("gearpump.net.request.timeout.ms", 10_000);
    /** Messages a sender may have in flight per task-to-task stream between JVMs (credit window). */
    public static final ConfigKey<Integer> STREAM_WINDOW = ConfigKey.positiveInt("gearpump.net.stream.window", 8192);

    /** Executors a worker may run at once. */
    public static final ConfigKey<Integer> WORKER_SLOTS = ConfigKey.positiveInt("gearpump.worker.slots", 8);
    /** JVM options of the executors a worker launches, space separated. */
    public static final ConfigKey<String> EXECUTOR_JVM_OPTS = ConfigKey.optionalString("gearpump.executor.jvm.opts");
    /**
     * Whether a worker keeps a class-data archive (AppCDS) of what its executors load, so that every
     * executor after the first starts faster.
     */
    public static final ConfigKey<Boolean> EXECUTOR_CLASS_ARCHIVE = ConfigKey.bool("gearpump.executor.class.archive", true);
    /** Where workers keep application jars and executor logs. */
    public static final ConfigKey<String> WORKER_DIR = ConfigKey.string("gearpump.worker.dir", "work");
    /** Ended applications whose executor logs a worker keeps; older ones are deleted. */
    public static final ConfigKey<Integer> WORKER_LOGS_RETAINED = ConfigKey.positiveInt("gearpump.worker.logs.retained", 50);
    /**
     * Restarts of an application's tasks (and relaunches of its AppMaster) before it is declared
     * FAILED; 0: never restart, the first failure fails the application.
     */
    public static final ConfigKey<Integer> APP_MAX_RESTARTS = ConfigKey.nonNegativeInt("gearpump.app.max.restarts", 3);

    /**
     * How long an application runs before its sources are stopped and it drains (0: until it ends by
     * itself), counted from its submission and kept by its AppMaster, so it holds even when the client
     * that submitted it is gone. An application's own config may say otherwise.
     */
    public static final ConfigKey<Integer> APP_RUN_SECONDS = ConfigKey.nonNegativeInt("gearpump.app.run.seconds", 0);
    /** What an application promises when something fails (an application's own config may say otherwise). */
    public static final ConfigKey<Guarantee> GUARANTEE = ConfigKey.choice("gearpump.app.guarantee", Guarantee.class, Guarantee.NONE);
    /** How often an application with a guarantee takes a checkpoint. */
    public static final ConfigKey<Integer> CHECKPOINT_INTERVAL_MS = ConfigKey.positiveInt("gearpump.checkpoint.interval.ms", 1000);
    /** How long a checkpoint may take before it is abandoned (the application goes on). */
    public static final ConfigKey<Integer> CHECKPOINT_TIMEOUT_MS = ConfigKey.positiveInt("gearpump.checkpoint.timeout.ms", 60_000);
    /** Completed checkpoints kept; older ones are deleted. */
    public static final ConfigKey<Integer> CHECKPOINT_RETAINED = ConfigKey.positiveInt("gearpump.checkpoint.retained", 2);
    /** Where checkpoints are written: local for one machine, a mount every machine shares for several. */
    public static final ConfigKey<String> CHECKPOINT_DIR = ConfigKey.string("gearpump.checkpoint.dir", "checkpoints");

    /** Whether tasks and executors keep dropwizard metrics (the dashboard and {@code bin/gear status} show them). */
    public static final ConfigKey<Boolean> METRICS_ENABLED = ConfigKey.bool("gearpump.metrics.enabled", true);
    /** One message in this many has its processing time and its batch's receive latency recorded. */
    public static final ConfigKey<Integer> METRICS_SAMPLE_RATE = ConfigKey.positiveInt("gearpump.metrics.sample.rate", 1000);
    /** How often the Graphite or log reporter sends what the metrics hold. */
    public static final ConfigKey<Integer> METRICS_REPORT_INTERVAL_MS = ConfigKey.positiveInt("gearpump.metrics.report.interval.ms", 10_000);
    /** Where executors send their metrics besides the cluster's own path: NONE, GRAPHITE or LOG. */
    public static final ConfigKey<MetricsReporter> METRICS_REPORTER =
            ConfigKey.choice("gearpump.metrics.reporter", MetricsReporter.class, MetricsReporter.NONE);
    public static final ConfigKey<String> METRICS_GRAPHITE_HOST = ConfigKey.string("gearpump.metrics.graphite.host", "127.0.0.1");
    public static final ConfigKey<Integer> METRICS_GRAPHITE_PORT = ConfigKey.positiveInt("gearpump.metrics.graphite.port", 2003);
    /** Put before every metric's name in Graphite. */
    public static final ConfigKey<String> METRICS_GRAPHITE_PREFIX = ConfigKey.string("gearpump.metrics.graphite.prefix", "gearpump");

    // ---- REST API (io.gearpump.master.rest)
    /** Port of every master's REST API (on gearpump.net.bind.address): 0 picks a free port, -1 turns it off. */
    public static final ConfigKey<Integer> REST_PORT = new ConfigKey<>("gearpump.rest.port", 8090, s -> {
        int v = Integer.parseInt(s);
        if (v < -1 || v > 65535) {
            throw new IllegalArgumentException();
        }
        return v;
    }, "a port 0..65535 (0: any free port), or -1 for no REST API");
    /**
     * With gearpump.cluster.secret set, whether the REST API answers reads (GET) without the token;
     * requests that change something (POST, DELETE) always need it then.
     */
    public static final ConfigKey<Boolean> REST_READS_OPEN = ConfigKey.bool("gearpump.rest.reads.open", false);
    // ---- end of REST API

    public static final List<ConfigKey<?>> KEYS = List.of(INBOX_CAPACITY, BATCH_SIZE, INFLIGHT_BUDGET, OUTPUT_BUDGET, HEAP_GUARD_PERCENT, WATERMARK_INTERVAL_MS, IDLE_YIELDS, CHAINING, MASTERS, MASTER_DIR, MASTER_SNAPSHOT_BYTES, FAILOVER_TIMEOUT_MS,
            CLUSTER_SECRET, FRAME_MAX_BYTES, EVENT_LOOPS, BIND_ADDRESS, HEARTBEAT_INTERVAL_MS, HEARTBEAT_TIMEOUT_MS,
            REQUEST_TIMEOUT_MS, STREAM_WINDOW, WORKER_SLOTS, EXECUTOR_JVM_OPTS, EXECUTOR_CLASS_ARCHIVE, WORKER_DIR, WORKER_LOGS_RETAINED,
            APP_MAX_RESTARTS, APP_RUN_SECONDS,
            GUARANTEE, CHECKPOINT_INTERVAL_MS, CHECKPOINT_TIMEOUT_MS, CHECKPOINT_RETAINED, CHECKPOINT_DIR,
            METRICS_ENABLED, METRICS_SAMPLE_RATE, METRICS_REPORT_INTERVAL_MS, METRICS_REPORTER, METRICS_GRAPHITE_HOST,
            METRICS_GRAPHITE_PORT, METRICS_GRAPHITE_PREFIX,
            REST_PORT, REST_READS_OPEN);
    /** Families of keys whose suffix is free (e.g. a class name). */
    public static final List<String> PREFIXES = List.of("gearpump.serializers.");
    /** System property that points at the configuration file. */
    public static final String CONF_FILE_PROPERTY = "gearpump.conf";

    private final Map<String, Object> values;
    private final Map<String, String> raw;

    private GearConfig(Map<String, Object> values, Map<String, String> raw) {
        this.values = values;
        this.raw = raw;
    }

    /** Defaults only. */
    public static GearConfig defaults() {
        return of(Map.of());
    }

    /** The file named by {@code -Dgearpump.conf} (when set) with the system properties over it. */
    public static GearConfig load() {
        Map<String, String> settings = new TreeMap<>();
        String file = System.getProperty(CONF_FILE_PROPERTY);
        if (file != null && !file.isBlank()) {
            settings.putAll(readFile(Path.of(file)));
        }
        System.getProperties().stringPropertyNames().stream()
                .filter(k -> k.startsWith("gearpump.") && !k.equals(CONF_FILE_PROPERTY))
                .forEach(k -> settings.put(k, System.getProperty(k)));
        return of(settings);
    }

    /** Validates {@code settings} (only {@code gearpump.*} keys are looked at). */
    public static GearConfig of(Map<String, String> settings) {
        Map<String, String> raw = new TreeMap<>();
        settings.forEach((k, v) -> {
            if (k.startsWith("gearpump.") && !k.equals(CONF_FILE_PROPERTY)) {
                raw.put(k, v);
            }
        });
        Map<String, Object> values = new HashMap<>();
        for (ConfigKey<?> key : KEYS) {
            String v = raw.get(key.name());
            values.put(key.name(), v == null ? key.defaultValue() : key.parse(v));
        }
        for (String k : raw.keySet()) {
            boolean known = values.containsKey(k) || PREFIXES.stream().anyMatch(k::startsWith);
            if (!known) {
                throw new ConfigException("unknown configuration key '" + k + "'"
                        + ClosestName.hint(k, KEYS.stream().map(ConfigKey::name).toList())
                        + "; known keys: " + KEYS.stream().map(ConfigKey::name).toList()
                        + " and " + PREFIXES.stream().map(p -> p + "*").toList());
            }
        }
        return new GearConfig(values, Collections.unmodifiableMap(raw));
    }

    public static Map<String, String> readFile(Path file) {
        Properties props = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            props.load(r);
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + why(e));
        }
        Map<String, String> out = new TreeMap<>();
        props.stringPropertyNames().forEach(k -> out.put(k, props.getProperty(k)));
        return out;
    }

    /** What went wrong, without the path that a {@link FileSystemException}'s message repeats. */
    private static String why(IOException e) {
        return switch (e) {
            case NoSuchFileException x -> "no such file";
            case AccessDeniedException x -> "permission denied";
            case FileSystemException x when x.getReason() != null -> x.getReason();
            default -> e.getMessage();
        };
    }

    @SuppressWarnings("unchecked")
    public <T> T get(ConfigKey<T> key) {
        return (T) values.get(key.name());
    }

    /** {@code key} as the application's own config sets it, else as this config does; a bad value names the application. */
    public <T> T get(ConfigKey<T> key, UserConfig app) {
        try {
            return app.getString(key.name()).map(key::parse).orElseGet(() -> get(key));
        } catch (ConfigException e) {
            throw new InvalidApplicationException("the application's " + e.getMessage());
        }
    }

    /** Whether {@code key} was set (in the file or with -D), rather than left at its default. */
    public boolean isSet(ConfigKey<?> key) {
        return raw.containsKey(key.name());
    }

    /** The settings under {@code prefix}, keyed by the rest of the key. */
    public Map<String, String> withPrefix(String prefix) {
        Map<String, String> out = new TreeMap<>();
        raw.forEach((k, v) -> {
            if (k.startsWith(prefix)) {
                out.put(k.substring(prefix.length()), v);
            }
        });
        return out;
    }

    /** This config with one more setting, validated like the rest. */
    public GearConfig with(String key, String value) {
        Map<String, String> settings = new TreeMap<>(raw);
        settings.put(key, value);
        return of(settings);
    }

    /** This config with {@code settings} over it (only {@code gearpump.*} keys count), validated like the rest. */
    public GearConfig with(Map<String, String> settings) {
        Map<String, String> merged = new TreeMap<>(raw);
        merged.putAll(settings);
        return of(merged);
    }

    @Override
    public String toString() {
        return "GearConfig" + raw;
    }
}
