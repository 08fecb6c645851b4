package io.gearpump.core.task;

/** Told when a task has ended; called on the task's own thread, last thing it does. */
public interface TaskSupervisor {

    enum Outcome { FINISHED, FAILED, KILLED }

    void taskEnded(TaskRunner task, Outcome outcome, Throwable cause);
}
