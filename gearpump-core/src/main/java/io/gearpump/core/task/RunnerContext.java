package io.gearpump.core.task;

import io.gearpump.core.api.Cancellable;
import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.LongValueState;
import io.gearpump.core.api.MapState;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.state.ManagedState;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A task's view of the engine ({@link TaskContext}) over the parts of its runner. Calls that touch the
 * task's own state (timers, messages to itself, managed state) must come from the task's thread.
 */
final class RunnerContext implements TaskContext {

    /** What the context reads of its runner as it changes. */
    interface Runner {
        /** The task's thread, once it runs. */
        Thread thread();

        boolean completed();

        /** The task said it is done. */
        void complete();

        /** The minimum of the task's input watermarks (epoch ms). */
        long upstreamMin();

        Guarantee guarantee();

        /** The task's managed state, once it runs. */
        ManagedState state();
    }

    private final TaskSpec spec;
    private final OutputRouter router;
    private final TimerQueue timers;
    private final NanoClock clock;
    private final Function<String, Counter> counters;
    private final ArrayDeque<Message> selfMessages;
    private final Runner runner;
    private final Supplier<String> describe;

    RunnerContext(TaskSpec spec, OutputRouter router, TimerQueue timers, NanoClock clock, Function<String, Counter> counters,
                  ArrayDeque<Message> selfMessages, Runner runner, Supplier<String> describe) {
        this.spec = spec;
        this.router = router;
        this.timers = timers;
        this.clock = clock;
        this.counters = counters;
        this.selfMessages = selfMessages;
        this.runner = runner;
        this.describe = describe;
    }

    /** An engine watermark (epoch ms, with the two extremes) as the API's instant. */
    static Instant toInstant(long epochMillis) {
        if (epochMillis == Long.MIN_VALUE) {
            return Instant.MIN;
        }
        return epochMillis == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(epochMillis);
    }

    @Override
    public TaskId taskId() {
        return spec.taskId();
    }

    @Override
    public int parallelism() {
        return spec.parallelism();
    }

    @Override
    public String appName() {
        return spec.appName();
    }

    @Override
    public int appId() {
        return spec.appId();
    }

    @Override
    public void output(Message message) {
        router.output(message);
    }

    @Override
    public void sendToSelf(Message message) {
        checkTaskThread("sendToSelf");
        if (!runner.completed()) {
            selfMessages.addLast(message);
        }
    }

    @Override
    public Cancellable scheduleOnce(Duration delay, Runnable action) {
        checkTaskThread("scheduleOnce");
        return timers.add(action, clock.nanoTime() + delay.toNanos(), 0);
    }

    @Override
    public Cancellable schedule(Duration initialDelay, Duration interval, Runnable action) {
        checkTaskThread("schedule");
        if (interval.isNegative() || interval.isZero()) {
            throw new IllegalArgumentException("timer interval must be positive, was " + interval);
        }
        return timers.add(action, clock.nanoTime() + initialDelay.toNanos(), interval.toNanos());
    }

    @Override
    public void updateWatermark(Instant watermark) {
        router.advanceWatermark(watermark.toEpochMilli(), true);
    }

    @Override
    public Instant upstreamMinClock() {
        return toInstant(runner.upstreamMin());
    }

    @Override
    public Counter counter(String name) {
        return counters.apply(name);
    }

    @Override
    public Guarantee guarantee() {
        return runner.guarantee();
    }

    @Override
    public <T> ValueState<T> valueState(String name, Class<T> type) {
        checkTaskThread("valueState");
        return runner.state().value(name, type);
    }

    @Override
    public <K, V> MapState<K, V> mapState(String name, Class<K> keyType, Class<V> valueType) {
        checkTaskThread("mapState");
        return runner.state().map(name, keyType, valueType);
    }

    @Override
    public LongValueState longState(String name) {
        checkTaskThread("longState");
        return runner.state().longValue(name);
    }

    @Override
    public LongValueState keyedLongState(String name, Class<?> keyType) {
        checkTaskThread("keyedLongState");
        return runner.state().keyedLong(name, keyType);
    }

    @Override
    public <T> ValueState<T> keyedValueState(String name, Class<?> keyType, Class<T> type) {
        checkTaskThread("keyedValueState");
        return runner.state().keyedValue(name, keyType, type);
    }

    @Override
    public <K, V> MapState<K, V> keyedMapState(String name, Class<?> keyType, Class<K> mapKeyType, Class<V> valueType) {
        checkTaskThread("keyedMapState");
        return runner.state().keyedMap(name, keyType, mapKeyType, valueType);
    }

    @Override
    public void complete() {
        runner.complete();
        timers.clear(); // no timer may fire after this call, not even one due in the same fireDue pass
    }

    private void checkTaskThread(String what) {
        if (Thread.currentThread() != runner.thread()) {
            throw new IllegalStateException(what + " must be called from the task's own thread (" + describe.get() + ")");
        }
    }
}
