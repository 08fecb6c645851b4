package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

/** Cuts each line into words (at spaces and punctuation, lower-cased) and outputs every word. */
public class SplitLines extends Task {

    public SplitLines(TaskContext context, UserConfig config) {
        super(context, config);
    }

    @Override
    public void onNext(Message message) {
        for (String word : ((String) message.value()).toLowerCase(java.util.Locale.ROOT).split("[^\\p{L}\\p{N}']+")) {
            if (!word.isEmpty()) {
                output(new Message(word, message.timestamp()));
            }
        }
    }
}
