package io.gearpump.examples.wordcount;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts words. The hash edge sends every occurrence of a word to the same Sum task, so each task's
 * counts are final for its words; when the stream ends, the task publishes its {@code top} most
 * frequent words as counters {@code word.<w>} (the global top N is among the tasks' top Ns).
 */
public class Sum extends Task implements Checkpointed<HashMap<String, Long>> {

    public static final String TOP = "sum.top";
    public static final String COUNTER_PREFIX = "word.";

    /** Most frequent first; ties by word, so the tasks' top Ns merge into the exact global top N. */
    private static final Comparator<Map.Entry<String, long[]>> BY_COUNT_THEN_WORD =
            Comparator.<Map.Entry<String, long[]>>comparingLong(e -> -e.getValue()[0]).thenComparing(Map.Entry::getKey);

    private final Map<String, long[]> counts = new HashMap<>();
    private final int top;

    public Sum(TaskContext context, UserConfig config) {
        super(context, config);
        this.top = config.getInt(TOP, 10);
    }

    @Override
    public void onNext(Message message) {
        String word = (String) message.value();
        long[] count = counts.get(word);
        if (count == null) {
            counts.put(word, count = new long[1]);
        }
        count[0]++;
    }

    @Override
    public HashMap<String, Long> snapshotState() {
        HashMap<String, Long> copy = new HashMap<>();
        counts.forEach((word, count) -> copy.put(word, count[0]));
        return copy;
    }

    @Override
    public void restoreState(HashMap<String, Long> state) {
        counts.clear();
        state.forEach((word, count) -> counts.put(word, new long[] {count}));
    }

    @Override
    public void onStop() {
        counts.entrySet().stream()
                .sorted(BY_COUNT_THEN_WORD)
                .limit(top)
                .forEach(e -> context.counter(COUNTER_PREFIX + e.getKey()).add(e.getValue()[0]));
    }
}
