package io.gearpump.examples.wordcount;

import io.gearpump.core.api.LongValueState;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

/**
 * Counts words and outputs each word's new count as a line {@code "<word> <count>"} at every
 * occurrence. The count is keyed long state (the word is the key of its hash edge; unboxed, so a
 * count costs no object): with a guarantee it survives failures, kept by key group.
 */
public class RunningCount extends Task {

    private final LongValueState count;

    public RunningCount(TaskContext context, UserConfig config) {
        super(context, config);
        this.count = context.keyedLongState("count", String.class);
    }

    @Override
    public void onNext(Message message) {
        long now = count.add(1);
        output(new Message(message.value() + " " + now, message.timestamp()));
    }
}
