package io.gearpump.core.task;

/**
 * A task chained to another ({@link DirectChannel}) failed on that one's thread: carries which task,
 * so that its driver reports the failure as the chained task's own and ends as killed.
 */
final class ChainedTaskFailure extends RuntimeException {

    private final transient TaskRunner task;

    ChainedTaskFailure(TaskRunner task, Throwable cause) {
        super(task + " failed", cause, false, false);
        this.task = task;
    }

    /** What to throw on the driver's thread when {@code task} threw {@code e}: a kill, or a failure already marked, goes on as it is. */
    static RuntimeException of(TaskRunner task, RuntimeException e) {
        return e instanceof TaskKilledException || e instanceof ChainedTaskFailure ? e : new ChainedTaskFailure(task, e);
    }

    TaskRunner task() {
        return task;
    }
}
