package io.gearpump.core.task;

/** Thrown out of a blocked engine call (such as output under back pressure) when the task is killed. */
final class TaskKilledException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    TaskKilledException() {
        super("task killed", null, false, false);
    }
}
