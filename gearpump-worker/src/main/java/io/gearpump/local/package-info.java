/**
 * {@link io.gearpump.local.LocalCluster}: the in-process cluster users start from a main, a test or
 * jshell, and {@code bin/local} ({@link io.gearpump.local.LocalDaemons}). An embedder adds the one
 * dependency gearpump-worker and gets it with core, net and master, but no examples, benchmarks or
 * logging backend.
 *
 * <p>It needs both daemons, so it lives in gearpump-worker, which depends on gearpump-master for this
 * package alone. The worker is the side that hosts applications: a LocalCluster is mostly a worker
 * whose executors are threads ({@code InProcessLauncher}) and whose user classes are found by
 * {@link io.gearpump.local.UserClassLoader}, plus a master to schedule them. The other way round
 * would put the executor and AppMaster code on the master's class path, though a master only keeps an
 * application's jar as bytes and never runs its tasks.
 *
 * <p>Only this package sees both. The worker's own packages never call the master's code (and the
 * master cannot see the worker's): the two talk through the protocol records in core over a
 * transport, here as between processes. {@code DaemonIsolationTest} checks it.
 */
package io.gearpump.local;
