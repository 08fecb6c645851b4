/**
 * The in-process engine: {@link io.gearpump.core.runtime.LocalEngine} runs applications in this
 * JVM, each as an {@code ApplicationRun} that owns its task runners, its state machine
 * (SUBMITTED, RUNNING, then SUCCEEDED, FAILED or KILLED) and its status.
 */
package io.gearpump.core.runtime;
