package io.gearpump.core.task;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Task;
import io.gearpump.core.metrics.TaskMetrics;
import io.gearpump.core.metrics.TaskProbe;
import io.gearpump.core.state.ManagedState;
import io.gearpump.core.state.RestoredSnapshot;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own virtual thread: drains its inbox batch by batch, interleaving self
 * messages and timers, flushes its outputs whenever it runs out of work, and ends when its input
 * ends, it completes, it is stopped (sources) or killed.
 *
 * <p>Threads: everything not marked otherwise is confined to the task thread. {@code stopRequested}
 * and {@code killed} are written by the application's controller; the published counters are
 * written by the task thread and read by status readers.
 */
public final class TaskRunner implements Runnable, TaskProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final long YIELD_INTERVAL_NANOS = 2_000_000;
    private static final int TURNS_PER_CALL = 64;

    private final TaskSpec spec;
    private final Inbox inbox;
    private final OutputRouter router;
    private final TaskSupervisor supervisor;
    private final Function<String, Counter> counters;
    private final NanoClock clock;
    private final long watermarkIntervalNanos;
    private final ArrayDeque<Message> selfMessages = new ArrayDeque<>();
    private final TimerQueue timers = new TimerQueue();
    private final RunnerContext context;
    private List<Function<Message, Object>> channelKeys = new ArrayList<>(); // per input channel (null: not keyed), until run
    private volatile boolean source = true; // no input channel
    private MessageKeys messageKeys; // the current message's key, for keyed state
    private InputClocks inputs;
    private final UpstreamFloor floor = new UpstreamFloor();
    private ProcessorWatermarks flushedWatermarks; // where this task publishes, if any receiver reads it there
    private Task task;
    private boolean completed;
    private long received;
    private BarrierAligner aligner;
    private final TaskCheckpoints checkpoints = new TaskCheckpoints(this);
    private ManagedState state;
    private TaskMetrics metrics = TaskMetrics.OFF; // set before start; then the task thread's
    private long nextPeriodicFlush; // the task thread's: when it next flushes every channel and reads upstream watermarks
    private long nextYield;         // the task thread's: when it next lets other virtual threads run
    private int idleYields;         // set before start: yields before parking when out of work
    private int idleYielded;        // the task thread's: yields since it last had work (none before its first)

    private volatile Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean killed;
    private volatile Throwable failedBy; // set with killed: the task ends FAILED with it
    private volatile boolean running;
    private volatile long receivedPublished;
    private volatile long publishedWatermark = Long.MIN_VALUE;
    private final CountDownLatch ended = new CountDownLatch(1);

    // operator chaining: set before start, then the driving thread's
    private TaskRunner driver; // the upstream task whose thread runs this one, feeding it directly; null: it has its own
    private final ChainedTasks chained = new ChainedTasks(); // downstream tasks this one feeds directly, on its thread
    private boolean reported; // its end was reported to the supervisor

    TaskRunner(TaskSpec spec, int inboxCapacity, boolean source, long watermarkIntervalNanos,
               Function<String, Counter> counters, TaskSupervisor supervisor, NanoClock clock) {
        this.spec = spec;
        this.inbox = new Inbox(inboxCapacity);
        this.router = new OutputRouter(source);
        this.watermarkIntervalNanos = watermarkIntervalNanos;
        this.counters = counters;
        this.supervisor = supervisor;
        this.clock = clock;
        this.context = new RunnerContext(spec, router, timers, clock, counters, selfMessages, new ContextView(), this::toString);
    }

    // ------------------------------------------------------------------ wiring, before start

    Inbox inbox() {
        return inbox;
    }

    OutputRouter router() {
        return router;
    }

    /** Times the task yields to other tasks when out of work before it parks ({@code gearpump.task.idle.yields}). */
    void idleYields(int yields) {
        this.idleYields = yields;
        this.idleYielded = yields; // a task that never had work parks at once (thousands start idle together)
    }

    /** Reserves an input channel for one upstream task; returns its number. */
    public int addInputChannel() {
        return addInputChannel(null);
    }

    /** Reserves an input channel for one upstream task whose edge has keys, {@code keyOf} (null: none); returns its number. */
    public int addInputChannel(Function<Message, Object> keyOf) {
        channelKeys.add(keyOf);
        source = false;
        return channelKeys.size() - 1;
    }

    /** Reserves {@code count} input channels in a row, all with keys {@code keyOf} (null: none); returns the first's number. */
    int addInputChannels(int count, Function<Message, Object> keyOf) {
        int first = channelKeys.size();
        channelKeys.addAll(java.util.Collections.nCopies(count, keyOf));
        source &= count == 0;
        return first;
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

    /**
     * Chains this task to {@code upstream}, its only input (operator chaining): it gets no thread of its
     * own; {@code upstream}'s thread hands it each message directly, through a {@link DirectChannel}, and
     * runs its timers, self messages and checkpoints between its own turns.
     */
    void chainTo(TaskRunner upstream) {
        driver = upstream;
        upstream.chained.add(this);
    }

    /** Starts the task from {@code snapshot}: what it gave checkpoint {@code checkpointId}. */
    public void restoreFrom(long checkpointId, RestoredSnapshot snapshot) {
        checkpoints.restoreFrom(checkpointId, snapshot);
    }

    /**
     * Takes checkpoints with {@code guarantee} (aligned for exactly-once), telling {@code listener} of
     * each; state may hold only the types {@code stateTypes} accepts (those a snapshot can encode).
     */
    public void checkpointing(Guarantee guarantee, CheckpointListener listener, Predicate<Class<?>> stateTypes) {
        checkpoints.configure(guarantee, listener, stateTypes);
    }

    /**
     * Delivers a batch that came from another JVM on input {@code channel}, without waiting: the
     * transport's credit bounds what a remote sender can have here. {@code barrier} is a checkpoint's
     * id for a barrier, else 0. Called by the event loop.
     */
    public void deliverRemote(int channel, int size, long watermark, boolean endOfStream, long barrier, RemoteBody body) {
        inbox.putWithoutWaiting(Batch.remote(size, channel, watermark, endOfStream, barrier, body, clock.nanoTime()));
    }

    // ------------------------------------------------------------------ control, from any thread

    /** Starts the task on a new virtual thread. */
    public void start() {
        running = true;
        if (driver != null) {
            return; // its driver's thread runs it
        }
        Thread.ofVirtual().name("task-" + spec.appId() + "-" + spec.taskId() + "-" + spec.description()).start(this);
    }

    /**
     * Checkpoint {@code checkpointId} starts: a source takes it between two of its messages and sends the
     * barrier downstream; other tasks take it when its barriers reach them. A task that has finished
     * takes it with its final state (here, on the caller's thread), as does one that finishes before a
     * barrier reached it: a finished task never holds a checkpoint up. Ids must grow.
     */
    public void triggerCheckpoint(long checkpointId) {
        checkpoints.requested(checkpointId);
        wake();
        checkpoints.takeIfFinished(checkpointId);
    }

    /**
     * Checkpoint {@code checkpointId} completed everywhere: a {@link Checkpointed} task or a sink hears of it
     * between two messages; one that has finished hears of it here, on the caller's thread, before this
     * returns (so the caller knows a finished sink's output is final).
     */
    public void checkpointCompleted(long checkpointId) {
        checkpoints.completed(checkpointId);
        wake();
        checkpoints.announceIfFinished(checkpointId);
    }

    /** The coordinator gave up on {@code checkpointId}: a task still aligning it lets its held inputs flow again. */
    public void abandonCheckpoint(long checkpointId) {
        checkpoints.abandoned(checkpointId);
        wake();
    }

    /** Asks a source to end its stream as if it had completed; other tasks end when their input does. */
    public void requestStop() {
        stopRequested = true;
        wake();
    }

    /** Ends the task as failed by {@code cause}, which the engine found (the task's own code did not throw it). */
    public void fail(Throwable cause) {
        failedBy = cause;
        kill();
    }

    /** Ends the task at once: it stops wherever it waits and {@code onStop} does not run. */
    public void kill() {
        killed = true;
        if (driver != null) {
            root().kill(); // one thread runs the whole chain: it ends as a whole
            return;
        }
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    /** Waits for the task's thread to end. */
    public boolean awaitEnd(Duration timeout) throws InterruptedException {
        return ended.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    public TaskSpec spec() {
        return spec;
    }

    public boolean isSource() {
        return source;
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public long received() {
        return receivedPublished;
    }

    @Override
    public long sent() {
        return router.sent();
    }

    @Override
    public int inboxDepth() {
        return inbox.depth();
    }

    @Override
    public long backPressuredNanos() {
        return router.backPressuredNanos();
    }

    /** Where this task's processing time and receive latency are recorded; before {@link #start}. */
    public void measuredBy(TaskMetrics taskMetrics) {
        this.metrics = taskMetrics;
    }

    /** The task's output watermark, published once per batch (Long.MIN_VALUE until known). */
    public long watermark() {
        return publishedWatermark;
    }

    // ------------------------------------------------------------------ the task thread

    @Override
    public void run() {
        thread = Thread.currentThread();
        wire();
        TaskSupervisor.Outcome outcome = TaskSupervisor.Outcome.FINISHED;
        Throwable cause = null;
        ChainedTaskFailure chainFailure = null;
        try {
            if (killed) {
                throw new TaskKilledException();
            }
            chained.start(thread); // before this task's onStart, which may output already
            prepare();
            task.onStart(spec.startTime());
            loop();
            if (!killed) {
                finish();
                discardRemainingInput();
            }
            if (killed) {
                outcome = TaskSupervisor.Outcome.KILLED;
            } else {
                checkpoints.finished();
            }
        } catch (TaskKilledException e) {
            outcome = TaskSupervisor.Outcome.KILLED;
        } catch (ChainedTaskFailure f) { // a task chained to this one failed on this thread: the failure is its own
            outcome = TaskSupervisor.Outcome.KILLED;
            chainFailure = f;
            if (!killed) {
                LOG.error("{}: failed", f.task(), f.getCause());
            }
        } catch (Throwable t) { // an interrupt nobody asked for is a failure too, or upstream would wait forever
            outcome = killed ? TaskSupervisor.Outcome.KILLED : TaskSupervisor.Outcome.FAILED;
            cause = t;
            if (!killed) {
                LOG.error("{}: failed", this, t);
            }
        }
        if (chainFailure != null) {
            chainFailure.task().reportEnd(killed ? TaskSupervisor.Outcome.KILLED : TaskSupervisor.Outcome.FAILED,
                    chainFailure.getCause());
        }
        reportEnd(outcome, cause);
        chained.endAll();
    }

    /** The task's input channels, keys, clocks and barrier alignment, from what was wired; on its thread. */
    @SuppressWarnings("unchecked")
    private void wire() {
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

    /** The task itself and its state, restored from its snapshot if it has one. */
    private void prepare() throws Exception {
        state = new ManagedState(toString(), spec.taskId().index(), spec.parallelism(), messageKeys, checkpoints.stateTypes(),
                checkpoints.restoredStates());
        task = TaskFactory.create(spec.taskClass(), context, spec.config());
        checkpoints.start(new OwnCheckpointHooks(task), state, router, spec.taskClass());
    }

    /** Tells the supervisor, once, how the task ended ({@code FAILED} when the engine failed it). */
    private void reportEnd(TaskSupervisor.Outcome outcome, Throwable cause) {
        if (reported) {
            return;
        }
        reported = true;
        running = false;
        receivedPublished = received;
        timers.clear();
        if (failedBy != null) {
            outcome = TaskSupervisor.Outcome.FAILED;
            cause = failedBy;
        }
        try {
            supervisor.taskEnded(this, outcome, cause);
        } finally {
            ended.countDown();
        }
    }

    /**
     * Runs the task until it completes, is killed, or nothing can wake it again. The work is done in
     * short calls ({@link #turns}) rather than in this loop: a frame that loops for the task's whole
     * life runs whatever code it was compiled into on-stack at the time, and when the JIT replaces that
     * code the frame keeps the stale copy, calling on through interpreter entries (seen: a third of
     * the time of 1,500 tasks in interpreted code). Frames that return often pick up the current code.
     */
    private void loop() throws InterruptedException {
        nextPeriodicFlush = clock.nanoTime() + watermarkIntervalNanos;
        nextYield = clock.nanoTime() + YIELD_INTERVAL_NANOS;
        while (!killed && !completed) {
            if (!turns()) {
                return;
            }
        }
    }

    /** Up to {@link #TURNS_PER_CALL} turns; false when nothing can ever wake this task again. */
    private boolean turns() throws InterruptedException {
        for (int i = 0; i < TURNS_PER_CALL && !killed && !completed; i++) {
            if (!turn()) {
                return false;
            }
        }
        return true;
    }

    /** One turn of the task's loop; false when nothing can ever wake this task again. */
    private boolean turn() throws InterruptedException {
        long now = clock.nanoTime();
        if (now - nextYield >= 0) {
            // virtual threads are not preempted: a task that never waits would starve the other
            // virtual threads of this JVM (other tasks, request handlers) on the few carriers
            Thread.yield();
            nextYield = now + YIELD_INTERVAL_NANOS;
        }
        timers.fireDue(now);
        Batch b = inbox.poll();
        if (b != null) {
            process(b);
        }
        for (int n = selfMessages.size(); n > 0 && !completed && !killed; n--) {
            task.onNext(selfMessages.poll());
        }
        checkpointControl();
        if (!chained.isEmpty()) {
            chained.turn(now);
        }
        if (stopRequested && isSource()) {
            completed = true;
        }
        if (now - nextPeriodicFlush >= 0) {
            router.flushAll();
            publishFlushedWatermark();
            floor.read(now, inbox);
            nextPeriodicFlush = now + watermarkIntervalNanos;
        }
        if (floor.applyIfDue(inbox, inputs)) {
            inputWatermarkAdvanced();
        }
        if (b == null && selfMessages.isEmpty() && !completed && !chained.haveSelfMessages()) {
            if (inputs.allEnded() && (inputs.hasInputs() || timers.isEmpty())) {
                return false;
            }
            // what was output goes now; a watermark alone to every channel at most once per interval
            // (with thousands of channels that broadcast would cost more than the data)
            router.flushWanted();
            publishFlushedWatermark();
            if (!chained.isEmpty()) {
                chained.flushWanted(); // what they output from timers and self messages goes now too
            }
            long wait = timers.nanosUntilNext(clock.nanoTime());
            if (router.watermarkOwed() || (floor.active() && inputs.min() < Long.MAX_VALUE)) {
                wait = Math.min(wait, Math.max(0, nextPeriodicFlush - clock.nanoTime()));
            }
            if (!chained.isEmpty()) {
                wait = Math.min(wait, chained.nanosUntilNeeded(clock.nanoTime()));
            }
            if (idleYielded < idleYields && wait > 0) {
                idleYielded++;
                Thread.yield(); // others run; what they send meanwhile is polled on the next turn, no wake-up needed
            } else {
                inbox.awaitWork(wait);
            }
        } else {
            idleYielded = 0; // it had work: the next time it runs out, it yields before parking
        }
        return true;
    }

    private void process(Batch b) {
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

    private void inputWatermarkAdvanced() {
        router.advanceWatermark(inputs.min(), false);
        publishWatermark();
        if (!completed) {
            task.onWatermark(RunnerContext.toInstant(inputs.min()));
        }
    }

    /** A source starts the checkpoint it was asked for; an aligning task gives up one the coordinator abandoned. */
    private void checkpointControl() {
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

    /** onStop, then the end of this task's stream to every downstream task. */
    private void finish() {
        selfMessages.clear();
        timers.clear();
        task.onStop();
        router.endOfStream();
        publishFlushedWatermark(); // Long.MAX_VALUE
    }

    /** After completing early, keep draining so upstream tasks never wait on a task that is gone. */
    private void discardRemainingInput() throws InterruptedException {
        inbox.releaseAll(); // an alignment it was in will never finish: its held inputs must drain too
        while (!killed && !inputs.allEnded()) {
            Batch b = inbox.poll();
            if (b != null) {
                if (b.remote() != null) {
                    b.remote().consumed(b.size());
                }
                inputs.update(b.channel(), b.watermark(), b.endOfStream());
            } else {
                inbox.awaitWork(Long.MAX_VALUE);
            }
        }
    }

    // ------------------------------------------------------------------ operator chaining, on the driving thread

    /** The task at the head of this one's chain: the one with a thread. */
    private TaskRunner root() {
        TaskRunner r = this;
        while (r.driver != null) {
            r = r.driver;
        }
        return r;
    }

    /** Wakes the thread that runs this task. */
    private void wake() {
        root().inbox.wake();
    }

    /** The tasks chained below this one. */
    ChainedTasks chained() {
        return chained;
    }

    /** Starts this chained task on its driver's {@code driving} thread. */
    void startOnDriver(Thread driving) throws Exception {
        thread = driving;
        wire();
        if (killed) {
            throw new TaskKilledException();
        }
        prepare();
        task.onStart(spec.startTime());
        nextPeriodicFlush = clock.nanoTime() + watermarkIntervalNanos;
    }

    /** This chained task's turn between its driver's: timers, self messages, checkpoint news, periodic flush. */
    void turnAsChained(long now) {
        timers.fireDue(now);
        for (int n = selfMessages.size(); n > 0 && !completed; n--) {
            task.onNext(selfMessages.poll());
        }
        checkpointControl();
        if (completed) {
            finishChained();
        } else if (now - nextPeriodicFlush >= 0) {
            router.flushAll();
            publishFlushedWatermark();
            nextPeriodicFlush = now + watermarkIntervalNanos;
        }
    }

    /** This chained task flushes what it output since its last flush. */
    void flushAsChained() {
        router.flushWanted();
        publishFlushedWatermark();
    }

    boolean hasEnded() {
        return reported;
    }

    boolean hasSelfMessages() {
        return !selfMessages.isEmpty();
    }

    /** Until this chained task next needs its driver: its next timer, or its periodic flush if a watermark is owed. */
    long nanosUntilNeeded(long now) {
        long wait = timers.nanosUntilNext(now);
        return router.watermarkOwed() ? Math.min(wait, Math.max(0, nextPeriodicFlush - now)) : wait;
    }

    /** Its driver ended: unless it ended already, it ends killed (or failed, where the engine failed it). */
    void endWithDriver() {
        reportEnd(TaskSupervisor.Outcome.KILLED, null);
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
        if (reported) {
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
        flushAsChained();
    }

    /** Checkpoint {@code checkpointId}'s barrier came after everything the driver output before it. */
    void chainedBarrier(long checkpointId, long watermark) {
        chainedFlush(watermark);
        if (!reported) {
            checkpoints.take(aligner.onBarrier(0, checkpointId));
        }
    }

    /** The driver's stream ended: what this task sent itself still runs, then it ends as an unchained task would. */
    void chainedEnd() {
        if (reported) {
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
        reportEnd(TaskSupervisor.Outcome.FINISHED, null);
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
        return "task " + spec.taskId() + " (" + spec.description() + ") of " + spec.run();
    }

    /** What the task's context reads of this runner as it changes (the task's thread). */
    private final class ContextView implements RunnerContext.Runner {
        @Override
        public Thread thread() {
            return thread;
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
