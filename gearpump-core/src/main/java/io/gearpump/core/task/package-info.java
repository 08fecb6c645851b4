/**
 * The task runtime that needs no sockets: a {@code TaskRunner} per task (one virtual thread draining
 * one bounded {@code Inbox}) around its {@code TaskCore} (the task and what it does with its input),
 * the {@code OutputRouter} that batches output per downstream task
 * ({@code OutputChannel}) and carries the watermark with every batch, input watermarks
 * ({@code InputClocks}), timers, and {@link io.gearpump.core.task.TaskNetwork}, which builds and
 * connects the runners of an application. Only the runner, its spec, supervisor and the network
 * builder are public; the rest is confined to this package.
 */
package io.gearpump.core.task;
