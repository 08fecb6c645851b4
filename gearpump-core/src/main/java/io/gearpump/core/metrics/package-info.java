/**
 * Dropwizard metrics of tasks and executors, named as GearPump named them
 * ({@code app<A>.processor<P>.task<I>:receiveThroughput}), sampled once a second into
 * {@link io.gearpump.core.metrics.TaskSample}s for the cluster's own path (executors, AppMaster,
 * master) and sent, when configured, to Graphite or the log. The task's hot path only counts
 * messages and, for one message in {@code gearpump.metrics.sample.rate}, reads the clock twice.
 */
package io.gearpump.core.metrics;
