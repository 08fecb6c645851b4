package io.gearpump.core.metrics;

/** What a task's metrics read from the running task, from the sampling thread. */
public interface TaskProbe {

    /** Messages the task has taken from its inbox. */
    long received();

    /** Messages the task has handed to its downstream tasks. */
    long sent();

    /** Messages waiting in the task's inbox now. */
    int inboxDepth();

    /** Time the task has spent waiting for room downstream (a full inbox, or no credit across JVMs). */
    long backPressuredNanos();
}
