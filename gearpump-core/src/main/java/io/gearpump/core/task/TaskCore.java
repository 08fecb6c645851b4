package io.gearpump.core.task;

import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.metrics.TaskMetrics;
import io.gearpump.core.state.ManagedState;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * What one task does with its input, whichever thread runs it: the task itself and its managed
 * state, its timers and messages to itself, its output router and periodic flush, its input
 * channels (message keys, watermarks, the upstream floor, barrier alignment), its checkpoints, and
 * the end of its stream. Named the core because both ways a task runs drive this same object: its
 * own {@link TaskRunner}'s loop, and, when it is chained, its driver's thread ({@link ChainedTasks}
 * for its turns, {@link DirectChannel} for each message). It never decides when to run and never
 * waits for work: the runner owns the thread, the inbox it parks on, and the lifecycle.
 *
 * <p>Threads: everything not marked otherwise is confined to the thread that runs the task (its own,
 * or its driver's), after wiring before start. {@code source} and the published counters are written
 * by that thread (or the wiring) and read by the controller and status readers; {@link TaskCheckpoints}
 * says which of its fields the coordinator's threads write.
 */
final class TaskCore {

    private final TaskRunner runner;
    private final TaskSpec spec;
    private final Inbox inbox; // its runner's: alignment holds channels in it, the upstream floor reads its counts
    private final OutputRouter router;
    private final NanoClock clock;
    private final long watermarkIntervalNanos;
    private final ArrayDeque<Message> selfMessages = new ArrayDeque<>();
    private final TimerQueue timers = new TimerQueue();
    private final RunnerContext context;
    private final TaskCheckpoints checkpoints;
    private List<Function<Message, Object>> channelKeys = new ArrayList<>(); // per input channel (null: not keyed), until wired
    private volatile boolean source = true; // no input channel
    private MessageKeys messageKeys; // the current message's key, for keyed state
    private InputClocks inputs;
    private final UpstreamFloor floor = new UpstreamFloor();
    private BarrierAligner aligner;
    private ProcessorWatermarks flushedWatermarks; // where this task publishes, if any receiver reads it there
    private Task task;
    private ManagedState state;
    private boolean completed;
    private long received;
    private long nextPeriodicFlush; // when it next flushes every channel (and its own loop reads upstream watermarks)
    private TaskMetrics metrics = TaskMetrics.OFF; // set before start; then the task thread's
    private volatile long receivedPublished;
    private volatile long publishedWatermark = Long.MIN_VALUE;

    TaskCore(TaskRunner runner, TaskSpec spec, Inbox inbox, boolean sourceProcessor, long watermarkIntervalNanos,
             Function<String, Counter> counters, NanoClock clock) {
        this.runner = runner;
        this.spec = spec;
        this.inbox = inbox;
        this.router = new OutputRouter(sourceProcessor);
        this.clock = clock;
        this.watermarkIntervalNanos = watermarkIntervalNanos;
        this.checkpoints = new TaskCheckpoints(runner);
        this.context = new RunnerContext(spec, router, timers, clock, counters, selfMessages, new ContextView(), runner::toString);
    }

    // ------------------------------------------------------------------ wiring, before start

    /** Reserves {@code count} input channels in a row, all with keys {@code keyOf} (null: none); returns the first's number. */
    int addInputChannels(int count, Function<Message, Object> keyOf) {
        int first = channelKeys.size();
        channelKeys.addAll(java.util.Collections.nCopies(count, keyOf));
        source &= count == 0;
        return first;
    }

    OutputRouter router() {
        return router;
    }

    TaskCheckpoints checkpoints() {
        return checkpoints;
    }

    /** Input channels {@code first} to {@code first + count - 1}: their senders publish their watermarks to {@code from} instead of sending them alone. */
    void watermarkFloor(int first, int count, ProcessorWatermarks from) {
        floor.add(first, count, from);
    }

    /** This task publishes its flushed watermark to {@code to} (its processor's, in this JVM). */
    void publishWatermarksTo(ProcessorWatermarks to) {
        flushedWatermarks = to;
        to.runsHere(spec.taskId().index());
    }

    /** Where this task's processing time and receive latency are recorded; before start. */
    void measuredBy(TaskMetrics taskMetrics) {
        this.metrics = taskMetrics;
    }

    // ------------------------------------------------------------------ status, any thread

    boolean isSource() {
        return source;
    }

    /** Messages received, published once per batch. */
    long received() {
        return receivedPublished;
    }

    /** The task's output watermark, published once per batch (Long.MIN_VALUE until known). */
    long watermark() {
        return publishedWatermark;
    }

    // ------------------------------------------------------------------ the thread that runs the task

    /** The task's input channels, keys, clocks and barrier alignment, from what was wired; on its thread. */
    @SuppressWarnings("unchecked")
    void wire() {
        int inputChannels = channelKeys.size();
        messageKeys = new MessageKeys(toString(), channelKeys.toArray(new Function[0]));
        channelKeys = null; // MessageKeys has them now: at a fan-in of thousands the list was as big again
        inputs = new InputClocks(inputChannels);
        aligner = new BarrierAligner(inputChannels, checkpoints.guarantee() == Guarantee.EXACTLY_ONCE, new BarrierAligner.Gate() {
            @Override
            public void hold(int channel) {
                inbox.hold(channel);
            }

            @Override
            public void releaseAll() {
                inbox.releaseAll();
            }
        });
    }

    /** Builds the task and runs its {@code onStart}. */
    void start() throws Exception {
        prepare();
        task.onStart(spec.startTime());
    }

    /** The task itself and its state, restored from its snapshot if it has one. */
    private void prepare() throws Exception {
        state = new ManagedState(toString(), spec.taskId().index(), spec.parallelism(), messageKeys, checkpoints.stateTypes(),
                checkpoints.restoredStates());
        task = TaskFactory.create(spec.taskClass(), context, spec.config());
        checkpoints.start(new OwnCheckpointHooks(task), state, router, spec.taskClass());
    }

    boolean completed() {
        return completed;
    }

    /** The task ends its stream as if it had completed (a source asked to stop). */
    void complete() {
        completed = true;
    }

    void fireTimers(long now) {
        timers.fireDue(now);
    }

    /** On its own thread: the messages the task sent itself before this call (those it sends meanwhile wait), until it completes or is killed. */
    void runSelfMessages() {
        for (int n = selfMessages.size(); n > 0 && !completed && !runner.isKilled(); n--) {
            task.onNext(selfMessages.poll());
        }
    }

    boolean hasSelfMessages() {
        return !selfMessages.isEmpty();
    }

    void process(Batch b) {
        Message[] messages = b.remote() == null ? b.messages() : b.remote().decode();
        messageKeys.batchFrom(b.channel(), messages);
        int i = 0;
        int n = b.size();
        if (n > 0 && !completed && metrics.sampleBatch(n, b.handedNanos())) {
            long start = clock.nanoTime();
            metrics.receiveLatency(start - b.handedNanos());
            messageKeys.handling(0);
            task.onNext(messages[0]);
            metrics.processTime(clock.nanoTime() - start);
            i = 1;
        }
        for (; i < n && !completed; i++) {
            messageKeys.handling(i);
            task.onNext(messages[i]);
        }
        messageKeys.handlingNone();
        if (b.remote() != null) {
            b.remote().consumed(b.size());
        }
        received += b.size();
        receivedPublished = received;
        if (inputs.update(b.channel(), b.watermark(), b.endOfStream())) {
            inputWatermarkAdvanced();
        }
        if (b.isBarrier() && !completed) {
            checkpoints.take(aligner.onBarrier(b.channel(), b.barrier()));
        } else if (b.endOfStream() && !completed) {
            checkpoints.take(aligner.onEndOfStream(b.channel()));
        }
    }

    /** A batch that arrived after the task finished: its messages are dropped, its input clock still counts. */
    void discard(Batch b) {
        if (b.remote() != null) {
            b.remote().consumed(b.size());
        }
        inputs.update(b.channel(), b.watermark(), b.endOfStream());
    }

    /** Reads the watermark floor of the upstream tasks that publish theirs instead of sending it ({@link UpstreamFloor}). */
    void readUpstreamFloor(long now) {
        floor.read(now, inbox);
    }

    /** Raises the input channels the upstream floor covers once the floor read last is due. */
    void applyUpstreamFloor() {
        if (floor.applyIfDue(inbox, inputs)) {
            inputWatermarkAdvanced();
        }
    }

    private void inputWatermarkAdvanced() {
        router.advanceWatermark(inputs.min(), false);
        publishWatermark();
        if (!completed) {
            task.onWatermark(RunnerContext.toInstant(inputs.min()));
        }
    }

    boolean inputsEnded() {
        return inputs.allEnded();
    }

    /** Whether nothing can give the task work again: its inputs ended and, for a source, no timer is left. */
    boolean exhausted() {
        return inputs.allEnded() && (inputs.hasInputs() || timers.isEmpty());
    }

    /** Until the task needs its thread though nothing arrives: its next timer, or its periodic flush if that has work (a watermark owed, an upstream floor to read). */
    long nanosUntilWork() {
        long wait = timers.nanosUntilNext(clock.nanoTime());
        if (router.watermarkOwed() || (floor.active() && inputs.min() < Long.MAX_VALUE)) {
            wait = Math.min(wait, nanosUntilFlush(clock.nanoTime()));
        }
        return wait;
    }

    /** A source starts the checkpoint it was asked for; an aligning task gives up one the coordinator abandoned. */
    void checkpointControl() {
        long owed = checkpoints.owed();
        if (owed != Batch.NO_BARRIER && isSource() && !completed) {
            checkpoints.take(owed);
        }
        long abandoned = checkpoints.lastAbandoned();
        if (abandoned != Batch.NO_BARRIER) {
            aligner.abandon(abandoned);
        }
        if (!completed) {
            checkpoints.announceCompleted();
        }
    }

    /** Every channel flushes once per watermark interval from {@code now} on ({@link #flushIfDue}). */
    void startFlushing(long now) {
        nextPeriodicFlush = now + watermarkIntervalNanos;
    }

    /** Every channel flushes, carrying the watermark, if the watermark interval has passed since it last did; true if it did. */
    boolean flushIfDue(long now) {
        if (now - nextPeriodicFlush < 0) {
            return false;
        }
        router.flushAll();
        publishFlushedWatermark();
        nextPeriodicFlush = now + watermarkIntervalNanos;
        return true;
    }

    private long nanosUntilFlush(long now) {
        return Math.max(0, nextPeriodicFlush - now);
    }

    /** What was output since the last flush goes now. */
    void flushWanted() {
        router.flushWanted();
        publishFlushedWatermark();
    }

    /** onStop, then the end of this task's stream to every downstream task. */
    void finish() {
        selfMessages.clear();
        timers.clear();
        task.onStop();
        router.endOfStream();
        publishFlushedWatermark(); // Long.MAX_VALUE
    }

    /** The task ended, however: what it received is final, and no timer of it fires again. */
    void ended() {
        receivedPublished = received;
        timers.clear();
    }

    // ------------------------------------------------------------------ a chained task, on its driver's thread

    /** This chained task's turn between its driver's: timers, self messages, checkpoint news, periodic flush. */
    void turnAsChained(long now) {
        timers.fireDue(now);
        for (int n = selfMessages.size(); n > 0 && !completed; n--) {
            task.onNext(selfMessages.poll());
        }
        checkpointControl();
        if (completed) {
            finishChained();
        } else {
            flushIfDue(now);
        }
    }

    /** Until this chained task next needs its driver: its next timer, or its periodic flush if a watermark is owed. */
    long nanosUntilNeeded(long now) {
        long wait = timers.nanosUntilNext(now);
        return router.watermarkOwed() ? Math.min(wait, nanosUntilFlush(now)) : wait;
    }

    /** A message from this chained task's driver. */
    void chainedNext(Message m) {
        if (completed) {
            return; // it completed early: the rest of its input is discarded, as an unchained task's would be
        }
        messageKeys.handlingUnkeyed();
        task.onNext(m);
        messageKeys.handlingNone();
        received++;
        if (completed) {
            finishChained();
        }
    }

    /** The driver ran out of work (or flushes all): the input watermark advances and this task flushes in turn. */
    void chainedFlush(long watermark) {
        if (runner.hasEnded()) {
            return;
        }
        receivedPublished = received;
        if (inputs.update(0, watermark, false)) {
            inputWatermarkAdvanced();
        }
        if (completed) {
            finishChained();
            return;
        }
        flushWanted();
    }

    /** Checkpoint {@code checkpointId}'s barrier came after everything the driver output before it. */
    void chainedBarrier(long checkpointId, long watermark) {
        chainedFlush(watermark);
        if (!runner.hasEnded()) {
            checkpoints.take(aligner.onBarrier(0, checkpointId));
        }
    }

    /** The driver's stream ended: what this task sent itself still runs, then it ends as an unchained task would. */
    void chainedEnd() {
        if (runner.hasEnded()) {
            return;
        }
        if (inputs.update(0, Long.MAX_VALUE, true)) {
            inputWatermarkAdvanced();
        }
        checkpoints.take(aligner.onEndOfStream(0));
        while (!selfMessages.isEmpty() && !completed) {
            task.onNext(selfMessages.poll());
        }
        finishChained();
    }

    /** The chained task ends: onStop, the end of its own stream, its final checkpoints (a completed one ends at once: no sender waits on its input). */
    private void finishChained() {
        receivedPublished = received;
        finish();
        checkpoints.finished();
        runner.reportEnd(TaskSupervisor.Outcome.FINISHED, null);
    }

    /** The runner whose task this is: the one a failure of the task is reported for. */
    TaskRunner runner() {
        return runner;
    }

    /** The watermark status shows. */
    private void publishWatermark() {
        publishedWatermark = router.watermark();
    }

    /** Called when every channel is flushed: the watermark status shows, and receivers without a watermark alone read. */
    private void publishFlushedWatermark() {
        publishWatermark();
        if (flushedWatermarks != null) {
            flushedWatermarks.publish(spec.taskId().index(), router.watermark());
        }
    }

    @Override
    public String toString() {
        return runner.toString();
    }

    /** What the task's context reads of the task as it changes (the task's thread). */
    private final class ContextView implements RunnerContext.Runner {
        @Override
        public Thread thread() {
            return runner.thread();
        }

        @Override
        public boolean completed() {
            return completed;
        }

        @Override
        public void complete() {
            completed = true;
        }

        @Override
        public long upstreamMin() {
            return inputs.min();
        }

        @Override
        public Guarantee guarantee() {
            return checkpoints.guarantee();
        }

        @Override
        public ManagedState state() {
            return state;
        }
    }
}
