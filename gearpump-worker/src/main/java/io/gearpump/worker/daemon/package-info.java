/**
 * The worker daemon: registration and heartbeats ({@code WorkerService}) and executor processes
 * ({@code ExecutorLauncher}: child JVMs with per-application logs that exit when the worker does).
 */
package io.gearpump.worker.daemon;
