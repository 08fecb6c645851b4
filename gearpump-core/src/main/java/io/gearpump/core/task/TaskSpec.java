package io.gearpump.core.task;

import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;

import java.time.Instant;

/** Everything a task runner needs to know about the task it runs. */
public record TaskSpec(RunId run, String appName, TaskId taskId, String description, int parallelism,
                       Class<? extends Task> taskClass, UserConfig config, Instant startTime) {

    /** The application's id (not the run's key, which in an executor is the attempt). */
    public int appId() {
        return run.appId();
    }
}
