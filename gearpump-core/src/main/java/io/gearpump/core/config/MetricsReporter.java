package io.gearpump.core.config;

/** Where an executor's metrics go besides the cluster's own path (executors, AppMaster, master). */
public enum MetricsReporter {
    /** Only the cluster's own path: {@code bin/gear status}, the REST API and the dashboard. */
    NONE,
    /** A Graphite (carbon) server, over its plain-text protocol. */
    GRAPHITE,
    /** The executor's log, through slf4j. */
    LOG
}
