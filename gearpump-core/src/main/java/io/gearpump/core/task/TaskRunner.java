package io.gearpump.core.task;

import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Counter;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.metrics.TaskMetrics;
import io.gearpump.core.metrics.TaskProbe;
import io.gearpump.core.state.RestoredSnapshot;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Predicate;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs one task on its own virtual thread: drains its inbox batch by batch, interleaving self
 * messages and timers, flushes its outputs whenever it runs out of work, and ends when its input
 * ends, it completes, it is stopped (sources) or killed. What the task does with each batch, timer
 * and barrier is its {@link TaskCore}'s; this class owns the thread, when each turn runs, yields and
 * parks, the lifecycle and its report to the supervisor, and, for operator chaining, the tasks it
 * drives on its thread (or the driver whose thread runs it).
 *
 * <p>Threads: everything not marked otherwise is set by the wiring before start, then confined to
 * the task thread (a chained task's is its driver's). {@code stopRequested}, {@code killed} and
 * {@code failedBy} are written by the application's controller; {@code thread} and {@code running}
 * are read by it. {@link TaskCore} says which of its fields status readers read.
 */
public final class TaskRunner implements Runnable, TaskProbe {

    private static final Logger LOG = LoggerFactory.getLogger(TaskRunner.class);
    private static final long YIELD_INTERVAL_NANOS = 2_000_000;
    private static final int TURNS_PER_CALL = 64;

    private final TaskSpec spec;
    private final Inbox inbox;
    private final TaskCore core; // the task and what it does with its input
    private final TaskSupervisor supervisor;
    private final NanoClock clock;
    private long nextYield;         // the task thread's: when it next lets other virtual threads run
    private int idleYields;         // set before start: yields before parking when out of work
    private int idleYielded;        // the task thread's: yields since it last had work (none before its first)

    private volatile Thread thread;
    private volatile boolean stopRequested;
    private volatile boolean killed;
    private volatile Throwable failedBy; // set with killed: the task ends FAILED with it
    private volatile boolean running;
    private final CountDownLatch ended = new CountDownLatch(1);

    // operator chaining: set before start, then the driving thread's
    private TaskRunner driver; // the upstream task whose thread runs this one, feeding it directly; null: it has its own
    private final ChainedTasks chained = new ChainedTasks(); // downstream tasks this one feeds directly, on its thread
    private boolean reported; // its end was reported to the supervisor

    TaskRunner(TaskSpec spec, int inboxCapacity, boolean source, long watermarkIntervalNanos,
               Function<String, Counter> counters, TaskSupervisor supervisor, NanoClock clock) {
        this.spec = spec;
        this.inbox = new Inbox(inboxCapacity);
        this.supervisor = supervisor;
        this.clock = clock;
        this.core = new TaskCore(this, spec, inbox, source, watermarkIntervalNanos, counters, clock);
    }

    // ------------------------------------------------------------------ wiring, before start

    Inbox inbox() {
        return inbox;
    }

    OutputRouter router() {
        return core.router();
    }

    /** The task and what it does with its input. */
    TaskCore core() {
        return core;
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
        return core.addInputChannels(1, keyOf);
    }

    /** Reserves {@code count} input channels in a row, all with keys {@code keyOf} (null: none); returns the first's number. */
    int addInputChannels(int count, Function<Message, Object> keyOf) {
        return core.addInputChannels(count, keyOf);
    }

    /** Input channels {@code first} to {@code first + count - 1}: their senders publish their watermarks to {@code from} instead of sending them alone. */
    void watermarkFloor(int first, int count, ProcessorWatermarks from) {
        core.watermarkFloor(first, count, from);
    }

    /** This task publishes its flushed watermark to {@code to} (its processor's, in this JVM). */
    void publishWatermarksTo(ProcessorWatermarks to) {
        core.publishWatermarksTo(to);
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
        core.checkpoints().restoreFrom(checkpointId, snapshot);
    }

    /**
     * Takes checkpoints with {@code guarantee} (aligned for exactly-once), telling {@code listener} of
     * each; state may hold only the types {@code stateTypes} accepts (those a snapshot can encode).
     */
    public void checkpointing(Guarantee guarantee, CheckpointListener listener, Predicate<Class<?>> stateTypes) {
        core.checkpoints().configure(guarantee, listener, stateTypes);
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
        core.checkpoints().requested(checkpointId);
        wake();
        core.checkpoints().takeIfFinished(checkpointId);
    }

    /**
     * Checkpoint {@code checkpointId} completed everywhere: a {@link Checkpointed} task or a sink hears of it
     * between two messages; one that has finished hears of it here, on the caller's thread, before this
     * returns (so the caller knows a finished sink's output is final).
     */
    public void checkpointCompleted(long checkpointId) {
        core.checkpoints().completed(checkpointId);
        wake();
        core.checkpoints().announceIfFinished(checkpointId);
    }

    /** The coordinator gave up on {@code checkpointId}: a task still aligning it lets its held inputs flow again. */
    public void abandonCheckpoint(long checkpointId) {
        core.checkpoints().abandoned(checkpointId);
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
        return core.isSource();
    }

    public boolean isRunning() {
        return running;
    }

    @Override
    public long received() {
        return core.received();
    }

    @Override
    public long sent() {
        return core.router().sent();
    }

    @Override
    public int inboxDepth() {
        return inbox.depth();
    }

    @Override
    public long backPressuredNanos() {
        return core.router().backPressuredNanos();
    }

    /** Where this task's processing time and receive latency are recorded; before {@link #start}. */
    public void measuredBy(TaskMetrics taskMetrics) {
        core.measuredBy(taskMetrics);
    }

    /** The task's output watermark, published once per batch (Long.MIN_VALUE until known). */
    public long watermark() {
        return core.watermark();
    }

    // ------------------------------------------------------------------ the task thread

    @Override
    public void run() {
        thread = Thread.currentThread();
        core.wire();
        TaskSupervisor.Outcome outcome = TaskSupervisor.Outcome.FINISHED;
        Throwable cause = null;
        ChainedTaskFailure chainFailure = null;
        try {
            if (killed) {
                throw new TaskKilledException();
            }
            chained.start(thread); // before this task's onStart, which may output already
            core.start();
            loop();
            if (!killed) {
                core.finish();
                discardRemainingInput();
            }
            if (killed) {
                outcome = TaskSupervisor.Outcome.KILLED;
            } else {
                core.checkpoints().finished();
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

    /** Tells the supervisor, once, how the task ended ({@code FAILED} when the engine failed it). */
    void reportEnd(TaskSupervisor.Outcome outcome, Throwable cause) {
        if (reported) {
            return;
        }
        reported = true;
        running = false;
        core.ended();
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
        core.startFlushing(clock.nanoTime());
        nextYield = clock.nanoTime() + YIELD_INTERVAL_NANOS;
        while (!killed && !core.completed()) {
            if (!turns()) {
                return;
            }
        }
    }

    /** Up to {@link #TURNS_PER_CALL} turns; false when nothing can ever wake this task again. */
    private boolean turns() throws InterruptedException {
        for (int i = 0; i < TURNS_PER_CALL && !killed && !core.completed(); i++) {
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
        TaskCore c = core;
        c.fireTimers(now);
        Batch b = inbox.poll();
        if (b != null) {
            c.process(b);
        }
        c.runSelfMessages();
        c.checkpointControl();
        if (!chained.isEmpty()) {
            chained.turn(now);
        }
        if (stopRequested && isSource()) {
            c.complete();
        }
        if (c.flushIfDue(now)) {
            c.readUpstreamFloor(now); // upstream watermarks are read once per watermark interval too
        }
        c.applyUpstreamFloor();
        if (b == null && !c.hasSelfMessages() && !c.completed() && !chained.haveSelfMessages()) {
            if (c.exhausted()) {
                return false;
            }
            // what was output goes now; a watermark alone to every channel at most once per interval
            // (with thousands of channels that broadcast would cost more than the data)
            c.flushWanted();
            if (!chained.isEmpty()) {
                chained.flushWanted(); // what they output from timers and self messages goes now too
            }
            long wait = c.nanosUntilWork();
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

    /** After completing early, keep draining so upstream tasks never wait on a task that is gone. */
    private void discardRemainingInput() throws InterruptedException {
        inbox.releaseAll(); // an alignment it was in will never finish: its held inputs must drain too
        while (!killed && !core.inputsEnded()) {
            Batch b = inbox.poll();
            if (b != null) {
                core.discard(b);
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
        core.wire();
        if (killed) {
            throw new TaskKilledException();
        }
        core.start();
        core.startFlushing(clock.nanoTime());
    }

    /** Its end was reported to the supervisor. */
    boolean hasEnded() {
        return reported;
    }

    /** Its driver ended: unless it ended already, it ends killed (or failed, where the engine failed it). */
    void endWithDriver() {
        reportEnd(TaskSupervisor.Outcome.KILLED, null);
    }

    /** Whether it is to stop at once: killed, or failed by the engine. */
    boolean isKilled() {
        return killed;
    }

    /** The thread that runs the task, once it runs. */
    Thread thread() {
        return thread;
    }

    @Override
    public String toString() {
        return "task " + spec.taskId() + " (" + spec.description() + ") of " + spec.run();
    }
}
