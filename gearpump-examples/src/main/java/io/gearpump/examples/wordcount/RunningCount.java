package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;

/**
 * Counts words and outputs each word's new count as a line {@code "<word> <count>"} at every
 * occurrence. The count is keyed state (the word is the key of its hash edge): with a guarantee it
 * survives failures, kept by key group.
 */
public class RunningCount extends Task {

    private final ValueState<Long> count;

    public RunningCount(TaskContext context, UserConfig config) {
        super(context, config);
        this.count = context.keyedValueState("count", String.class, Long.class);
    }

    @Override
    public void onNext(Message message) {
        Long before = count.get();
        long now = before == null ? 1 : before + 1;
        count.set(now);
        output(new Message(message.value() + " " + now, message.timestamp()));
    }
}
