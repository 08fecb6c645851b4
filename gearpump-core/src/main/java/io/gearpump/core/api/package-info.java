/**
 * The user API. A {@link io.gearpump.core.api.Task} is the user's code for one processor; a
 * {@link io.gearpump.core.api.Processor} is a task class with a parallelism; a
 * {@link io.gearpump.core.api.Graph} wires processors with {@link io.gearpump.core.api.Partitioner}s
 * on the edges ({@code Graph.of(a.to(b).to(c), a.to(c))}); an {@link io.gearpump.core.api.Application}
 * is a named graph with a {@link io.gearpump.core.api.UserConfig}. A running application is seen
 * through {@link io.gearpump.core.api.AppStatus}.
 *
 * <p>Everything a task does goes through its {@link io.gearpump.core.api.TaskContext}, on the task's
 * own thread: output (batched per downstream task, waiting when a downstream inbox is full), self
 * messages, timers, watermarks, counters and completion. Applications that cannot run are refused
 * with an {@link io.gearpump.core.api.InvalidApplicationException} that says why.
 *
 * <p>An application's main gets its {@link io.gearpump.core.api.Cluster} from
 * {@link io.gearpump.core.api.Cluster#connect()}: the cluster its launcher handed to the main's thread
 * ({@code bin/gear submit} binds its cluster of masters, with the main's jar and executor count, through
 * a {@link io.gearpump.core.api.SubmissionContext}), else a new {@code LocalCluster}. Nothing of a
 * submission is JVM-wide, so submissions in one JVM stay apart.
 */
package io.gearpump.core.api;
