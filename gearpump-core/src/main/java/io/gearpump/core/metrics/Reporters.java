package io.gearpump.core.metrics;

import io.gearpump.core.config.GearConfig;

import com.codahale.metrics.MetricRegistry;
import com.codahale.metrics.ScheduledReporter;
import com.codahale.metrics.Slf4jReporter;
import com.codahale.metrics.graphite.GraphiteReporter;

import java.util.concurrent.TimeUnit;

import org.slf4j.LoggerFactory;

/** The reporter {@code gearpump.metrics.reporter} names, started on a registry; closing stops it (dropwizard reports a last time). */
final class Reporters implements AutoCloseable {

    private final ScheduledReporter reporter; // null: none configured

    private Reporters(ScheduledReporter reporter) {
        this.reporter = reporter;
    }

    static Reporters start(MetricRegistry registry, GearConfig config) {
        ScheduledReporter r = switch (config.get(GearConfig.METRICS_REPORTER)) {
            case NONE -> null;
            case GRAPHITE -> GraphiteReporter.forRegistry(registry)
                    .prefixedWith(config.get(GearConfig.METRICS_GRAPHITE_PREFIX))
                    .convertRatesTo(TimeUnit.SECONDS)
                    .convertDurationsTo(TimeUnit.MILLISECONDS)
                    .build(new PatientGraphite(config.get(GearConfig.METRICS_GRAPHITE_HOST), config.get(GearConfig.METRICS_GRAPHITE_PORT)));
            case LOG -> Slf4jReporter.forRegistry(registry)
                    .outputTo(LoggerFactory.getLogger("io.gearpump.metrics"))
                    .convertRatesTo(TimeUnit.SECONDS)
                    .convertDurationsTo(TimeUnit.MILLISECONDS)
                    .build();
        };
        if (r != null) {
            long every = config.get(GearConfig.METRICS_REPORT_INTERVAL_MS);
            r.start(every, every, TimeUnit.MILLISECONDS);
        }
        return new Reporters(r);
    }

    @Override
    public void close() {
        if (reporter != null) {
            reporter.stop();
        }
    }
}
