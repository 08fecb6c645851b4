package io.gearpump.examples.complexdag;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.util.HashMap;
import java.util.Map;

/**
 * A sink of the complex DAG: counts the paths by which messages reached it and, at the end,
 * publishes each count as counter {@code path.<path>}.
 */
public class DagSink extends Task {

    public static final String COUNTER_PREFIX = "path.";

    private final String suffix;
    private final Map<String, long[]> paths = new HashMap<>();

    public DagSink(TaskContext context, UserConfig config) {
        super(context, config);
        suffix = ">" + config.getString(DagSource.NAME, "sink");
    }

    @Override
    public void onNext(Message message) {
        paths.computeIfAbsent(message.value() + suffix, k -> new long[1])[0]++;
    }

    @Override
    public void onStop() {
        paths.forEach((path, count) -> context.counter(COUNTER_PREFIX + path).add(count[0]));
    }
}
