package io.gearpump.core.task;

import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.lang.reflect.InvocationTargetException;

/** The engine's one reflective seam: creating a user's task through its (TaskContext, UserConfig) constructor. */
final class TaskFactory {

    private TaskFactory() {
    }

    static Task create(Class<? extends Task> taskClass, TaskContext context, UserConfig config) throws Exception {
        try {
            return taskClass.getConstructor(TaskContext.class, UserConfig.class).newInstance(context, config);
        } catch (InvocationTargetException e) {
            throw e.getCause() instanceof Exception cause ? cause : e;
        }
    }
}
