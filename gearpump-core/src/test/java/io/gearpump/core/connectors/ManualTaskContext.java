package io.gearpump.core.connectors;

import io.gearpump.core.api.Cancellable;
import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TaskId;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;

/**
 * A task's context driven by the test, on the test's thread: what the task outputs is kept, its
 * self messages and timers wait until the test runs them ({@link #runSelfMessages}, {@link #fireTimers}),
 * and its last watermark is remembered. Lets a connector's steps be interleaved exactly as a test needs.
 */
final class ManualTaskContext implements TaskContext {

    final List<Message> outputs = new ArrayList<>();
    private final ArrayDeque<Message> selfMessages = new ArrayDeque<>();
    private final List<Runnable> timers = new ArrayList<>();
    private final TaskId taskId;
    private final int parallelism;
    private final Guarantee guarantee;
    private Instant watermark = Instant.MIN;
    private boolean completed;

    ManualTaskContext(TaskId taskId, int parallelism, Guarantee guarantee) {
        this.taskId = taskId;
        this.parallelism = parallelism;
        this.guarantee = guarantee;
    }

    /** Delivers the task's self messages until it has none left or completed; returns how many. */
    int runSelfMessages(Task task) {
        int n = 0;
        while (!selfMessages.isEmpty() && !completed) {
            task.onNext(selfMessages.poll());
            n++;
        }
        return n;
    }

    /** Runs the timers scheduled so far (whatever their delay), then the self messages they sent. */
    void fireTimers(Task task) {
        List<Runnable> due = new ArrayList<>(timers);
        timers.clear();
        due.forEach(Runnable::run);
        runSelfMessages(task);
    }

    /** The values output so far, then forgets them. */
    List<Object> takeValues() {
        List<Object> values = outputs.stream().map(Message::value).toList();
        outputs.clear();
        return values;
    }

    Instant watermark() {
        return watermark;
    }

    boolean completed() {
        return completed;
    }

    @Override
    public TaskId taskId() {
        return taskId;
    }

    @Override
    public int parallelism() {
        return parallelism;
    }

    @Override
    public String appName() {
        return "manual";
    }

    @Override
    public int appId() {
        return 1;
    }

    @Override
    public void output(Message message) {
        outputs.add(message);
    }

    @Override
    public void sendToSelf(Message message) {
        selfMessages.add(message);
    }

    @Override
    public Cancellable scheduleOnce(Duration delay, Runnable action) {
        timers.add(action);
        return () -> timers.remove(action);
    }

    @Override
    public Cancellable schedule(Duration initialDelay, Duration interval, Runnable action) {
        throw new UnsupportedOperationException("not needed by the connectors");
    }

    @Override
    public void updateWatermark(Instant w) {
        watermark = w;
    }

    @Override
    public Instant upstreamMinClock() {
        return Instant.MAX;
    }

    @Override
    public Counter counter(String name) {
        return delta -> { };
    }

    @Override
    public Guarantee guarantee() {
        return guarantee;
    }

    @Override
    public void complete() {
        completed = true;
    }
}
