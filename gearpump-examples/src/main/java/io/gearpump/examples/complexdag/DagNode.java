package io.gearpump.examples.complexdag;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

/** An inner node of the complex DAG: appends its name to the path and passes the message on. */
public class DagNode extends Task {

    private final String suffix;

    public DagNode(TaskContext context, UserConfig config) {
        super(context, config);
        suffix = ">" + config.getString(DagSource.NAME, "node");
    }

    @Override
    public void onNext(Message message) {
        output(new Message(message.value() + suffix, message.timestamp()));
    }
}
