/**
 * Single-writer agents, as the control plane is built: an {@link io.gearpump.core.agent.Agent} owns
 * all of its mutable state and is stepped with {@code doWork(now)} by one thread (an
 * {@link io.gearpump.core.agent.AgentRunner}, or a simulation); other threads only put inputs in its
 * {@link io.gearpump.core.agent.Mailbox}. Time reaches an agent only as the {@code now} of a step, so a
 * test or a simulation drives it with a clock of its own.
 */
package io.gearpump.core.agent;
