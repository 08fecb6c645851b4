package io.gearpump.examples.sol;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

/** SOL's processor: passes every message on to the next stage (the engine counts what each task receives). */
public class SOLStreamProcessor extends Task {

    public SOLStreamProcessor(TaskContext context, UserConfig config) {
        super(context, config);
    }

    @Override
    public void onNext(Message message) {
        output(message);
    }
}
