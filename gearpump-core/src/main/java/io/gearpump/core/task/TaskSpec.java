package io.gearpump.core.task;

import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.UserConfig;

import java.time.Instant;

/** Everything a task runner needs to know about the task it runs. */
public record TaskSpec(int appId, String appName, TaskId taskId, String description, int parallelism,
                       Class<? extends Task> taskClass, UserConfig config, Instant startTime) {
}
