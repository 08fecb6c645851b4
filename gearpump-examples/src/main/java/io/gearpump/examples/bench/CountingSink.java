package io.gearpump.examples.bench;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

/** The peers' counting sink: takes every message and does nothing with it (the engine counts what a task receives). */
public final class CountingSink extends Task {

    public CountingSink(TaskContext context, UserConfig config) {
        super(context, config);
    }

    @Override
    public void onNext(Message message) {
    }
}
