/**
 * The executor JVM a worker starts for an application: {@code ExecutorMain}; in executor 0 the
 * application's {@code AppMaster} (placement, start, watch, restart); in the others a
 * {@code TaskHost} running the placed tasks on a {@code LocalEngine} wired through a
 * {@code StreamHub}.
 */
package io.gearpump.worker.executor;
