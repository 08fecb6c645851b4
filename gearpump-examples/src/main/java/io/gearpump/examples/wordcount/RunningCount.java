package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.util.HashMap;

/**
 * Counts words and outputs each word's new count as a line {@code "<word> <count>"} at every
 * occurrence. The counts are its checkpointed state: with a guarantee they survive failures.
 */
public class RunningCount extends Task implements Checkpointed<HashMap<String, Long>> {

    private final HashMap<String, Long> counts = new HashMap<>();

    public RunningCount(TaskContext context, UserConfig config) {
        super(context, config);
    }

    @Override
    public void onNext(Message message) {
        String word = (String) message.value();
        long count = counts.merge(word, 1L, Long::sum);
        output(new Message(word + " " + count, message.timestamp()));
    }

    @Override
    public HashMap<String, Long> snapshotState() {
        return new HashMap<>(counts);
    }

    @Override
    public void restoreState(HashMap<String, Long> state) {
        counts.clear();
        counts.putAll(state);
    }
}
