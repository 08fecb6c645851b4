package io.gearpump.examples.complexdag;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;

import java.time.Duration;
import java.time.Instant;

/**
 * A source of the complex DAG: every {@code interval} it outputs a message whose value is the path
 * so far, its own name. With {@code messages > 0} it ends after that many.
 */
public class DagSource extends Task {

    public static final String NAME = "dag.name";
    public static final String MESSAGES = "dag.messages";
    public static final String INTERVAL_MS = "dag.interval.ms";

    private final String name;
    private final long limit;
    private final Duration interval;
    private long sent;

    public DagSource(TaskContext context, UserConfig config) {
        super(context, config);
        name = config.getString(NAME, "source");
        limit = config.getLong(MESSAGES, 0);
        interval = Duration.ofMillis(config.getLong(INTERVAL_MS, 0));
    }

    @Override
    public void onStart(Instant startTime) {
        context.sendToSelf(Message.of("tick"));
    }

    @Override
    public void onNext(Message tick) {
        output(Message.of(name));
        if (limit > 0 && ++sent >= limit) {
            context.complete();
        } else if (interval.isZero()) {
            context.sendToSelf(tick);
        } else {
            context.scheduleOnce(interval, () -> context.sendToSelf(tick));
        }
    }
}
