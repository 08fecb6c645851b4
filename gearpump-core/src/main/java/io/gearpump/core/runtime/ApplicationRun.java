package io.gearpump.core.runtime;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.ProcessorStatus;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.metrics.EngineMetrics;
import io.gearpump.core.state.RestoredSnapshot;
import io.gearpump.core.task.NanoClock;
import io.gearpump.core.task.RemoteLinks;
import io.gearpump.core.task.RunId;
import io.gearpump.core.task.TaskNetwork;
import io.gearpump.core.task.TaskRunner;
import io.gearpump.core.task.TaskSupervisor;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One application running in this JVM: its tasks, its state machine and its status. A task that
 * fails ends the application FAILED (with the task's stack trace as the cause) and kills the rest.
 *
 * <p>Threads: state and counts are guarded by {@code lock}; tasks report on their own threads,
 * users call stop, kill, status and await from theirs.
 */
final class ApplicationRun implements TaskSupervisor {

    private static final Logger LOG = LoggerFactory.getLogger(ApplicationRun.class);

    private final RunId run;
    private final Application app;
    private final Clock wallClock;
    private final Instant submitted;
    private final CounterRegistry counters = new CounterRegistry();
    private volatile List<TaskRunner> tasks; // emptied once all ended failed or killed: their channels may be gigabytes, and an executor runs attempt after attempt
    private volatile AppStatus endedStatus;  // the status as the last task ended
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private AppState state = AppState.SUBMITTED;
    private Instant finished;
    private String failure;
    private int tasksRunning;
    private final EngineMetrics metrics;
    private final int heapGuardPercent;

    ApplicationRun(RunId run, Application app, GearConfig config, Clock wallClock, NanoClock nanoClock,
                   RemoteLinks links, Instant startTime, PartCheckpoints checkpoints, EngineMetrics metrics) {
        this.run = run;
        this.app = app;
        this.wallClock = wallClock;
        this.submitted = wallClock.instant();
        this.tasks = TaskNetwork.build(run, app, config, startTime, counters::counter, this, nanoClock, links);
        this.metrics = metrics;
        this.heapGuardPercent = config.get(GearConfig.HEAP_GUARD_PERCENT);
        for (TaskRunner t : tasks) {
            t.measuredBy(metrics.register(run.key(), t.spec().taskId(), t));
            t.checkpointing(checkpoints.guarantee(), checkpoints.listener(), checkpoints.stateTypes());
            RestoredSnapshot snapshot = checkpoints.restoreFrom().get(t.spec().taskId());
            if (snapshot != null) {
                t.restoreFrom(checkpoints.restoredCheckpoint(), snapshot);
            }
        }
    }

    String appName() {
        return app.name();
    }

    int taskCount() {
        return tasks.size();
    }

    boolean isFinal() {
        lock.lock();
        try {
            return state.isFinal();
        } finally {
            lock.unlock();
        }
    }

    /** Fails every task with {@code cause} (found by the engine, e.g. the heap running out). */
    void fail(Throwable cause) {
        tasks.forEach(t -> t.fail(cause));
    }

    void start() {
        lock.lock();
        try {
            tasksRunning = tasks.size();
            transition(AppState.RUNNING, tasks.size() + " tasks");
            if (tasks.isEmpty()) {
                transition(AppState.SUCCEEDED, "no task of this application runs in this JVM");
            }
        } finally {
            lock.unlock();
        }
        HeapGuard.shared().watch(this, heapGuardPercent);
        // downstream tasks first: started before the sources, they wait on their inboxes when the first
        // batches come, rather than queued behind thousands of sources' first runs
        tasks.reversed().forEach(TaskRunner::start);
    }

    void triggerCheckpoint(long checkpointId) {
        tasks.forEach(t -> t.triggerCheckpoint(checkpointId)); // sources start it; finished tasks take it at once
    }

    void abandonCheckpoint(long checkpointId) {
        tasks.forEach(t -> t.abandonCheckpoint(checkpointId));
    }

    /** Every task hears of it; a finished task that fails to make its output final fails this call, after the others heard. */
    void checkpointCompleted(long checkpointId) {
        RuntimeException first = null;
        for (TaskRunner t : tasks) {
            try {
                t.checkpointCompleted(checkpointId);
            } catch (RuntimeException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    /** Ends the sources' streams; the rest of the graph drains and the application SUCCEEDS. */
    void stop() {
        tasks.stream().filter(TaskRunner::isSource).forEach(TaskRunner::requestStop);
    }

    void kill(Duration wait) throws InterruptedException {
        lock.lock();
        try {
            if (!state.isFinal()) {
                transition(AppState.KILLED, "killed by request");
            }
        } finally {
            lock.unlock();
        }
        tasks.forEach(TaskRunner::kill);
        awaitTasks(wait);
    }

    @Override
    public void taskEnded(TaskRunner task, Outcome outcome, Throwable cause) {
        boolean killOthers = false;
        lock.lock();
        try {
            tasksRunning--;
            if (outcome == Outcome.FAILED && !state.isFinal()) {
                failure = task + " failed: " + stackTrace(cause);
                transition(AppState.FAILED, task + " failed: " + cause);
                killOthers = true;
            } else if (tasksRunning == 0 && !state.isFinal()) {
                transition(AppState.SUCCEEDED, "every task finished");
            }
            if (tasksRunning == 0) {
                metrics.unregister(run.key());
                HeapGuard.shared().forget(this);
                if (state == AppState.FAILED || state == AppState.KILLED) { // finished tasks still take the final checkpoint
                    endedStatus = status();
                    tasks = List.of();
                }
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
        if (killOthers) {
            tasks.forEach(TaskRunner::kill);
        }
    }

    /** Waits until the application is in a final state and all its tasks have ended. */
    AppStatus await(Duration timeout) throws InterruptedException {
        long left = timeout.toNanos();
        lock.lock();
        try {
            while (!(state.isFinal() && tasksRunning == 0) && left > 0) {
                left = changed.awaitNanos(left);
            }
        } finally {
            lock.unlock();
        }
        return status();
    }

    AppStatus status() {
        AppStatus ended = endedStatus;
        if (ended != null) {
            return ended;
        }
        lock.lock();
        AppState s;
        Instant end;
        String cause;
        try {
            s = state;
            end = finished;
            cause = failure;
        } finally {
            lock.unlock();
        }
        return new AppStatus(run.appId(), app.name(), s, submitted, end, clock(), processorStatus(), counters.snapshot(), cause);
    }

    private void awaitTasks(Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        for (TaskRunner t : tasks) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || !t.awaitEnd(Duration.ofNanos(left))) {
                LOG.warn("{} did not end within {}", t, wait); // the task names the run
            }
        }
    }

    private List<ProcessorStatus> processorStatus() {
        List<Processor> processors = app.graph().processors();
        long[] received = new long[processors.size()];
        long[] sent = new long[processors.size()];
        int[] running = new int[processors.size()];
        for (TaskRunner t : tasks) { // only the tasks in this JVM; once over them, as there may be thousands
            int pid = t.spec().taskId().processorId();
            received[pid] += t.received();
            sent[pid] += t.sent();
            running[pid] += t.isRunning() ? 1 : 0;
        }
        List<ProcessorStatus> out = new ArrayList<>();
        for (int pid = 0; pid < processors.size(); pid++) {
            Processor p = processors.get(pid);
            out.add(new ProcessorStatus(pid, p.description(), p.parallelism(), received[pid], sent[pid], running[pid]));
        }
        return out;
    }

    /** Minimum watermark over tasks; null until every task has one. */
    private Instant clock() {
        long min = Long.MAX_VALUE;
        for (TaskRunner t : tasks) {
            min = Math.min(min, t.watermark());
        }
        if (min == Long.MIN_VALUE) {
            return null;
        }
        return min == Long.MAX_VALUE ? Instant.MAX : Instant.ofEpochMilli(min);
    }

    /** The one place the state changes; caller holds the lock. */
    private void transition(AppState next, String reason) {
        LOG.info("{}: {} -> {}: {}", run.named(app.name()), state, next, reason);
        state = next;
        if (next.isFinal()) {
            finished = wallClock.instant();
        }
        changed.signalAll();
    }

    private static String stackTrace(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w.toString();
    }
}
