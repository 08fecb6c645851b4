package io.gearpump.worker.executor;

import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The AppMaster's checkpoint coordinator: every interval, while an attempt runs, it starts the next
 * checkpoint (its sources inject the barrier), and completes it once every executor of the attempt
 * says all its tasks' snapshots are written. One checkpoint at a time; one that takes longer than
 * the timeout, or that an executor could not write, is abandoned and the application goes on. Ids
 * only grow, across attempts and AppMasters (they start after the last completed one). Confined to
 * the AppMaster agent's thread; time is the {@code now} it is given.
 */
final class CheckpointCoordinator {

    /** What the coordinator asks of the running attempt's executors. */
    interface Executors {
        void trigger(long checkpointId);

        void abandon(long checkpointId);
    }

    /** A checkpoint completed: every snapshot is durable. */
    record Completed(long checkpointId, long bytes, long durationMillis) {
    }

    private final CheckpointSettings settings;
    private long lastCompleted;
    private long lastStarted;
    private long inFlight; // 0: none
    private long startedAt;
    private long nextAt = Long.MAX_VALUE; // no attempt running
    private Map<Integer, Integer> tasksByExecutor = Map.of();
    private final Set<Integer> taken = new HashSet<>();
    private long bytes;
    private String lastFailure;

    /** @param lastCompleted the last checkpoint completed before this AppMaster (0 for none) */
    CheckpointCoordinator(CheckpointSettings settings, long lastCompleted) {
        this.settings = settings;
        this.lastCompleted = lastCompleted;
        this.lastStarted = lastCompleted;
    }

    boolean enabled() {
        return settings.enabled();
    }

    /** The checkpoint a new attempt starts from (0: none yet). */
    long restoreFrom() {
        return lastCompleted;
    }

    /** Why the last checkpoint that failed did, or null. */
    String lastFailure() {
        return lastFailure;
    }

    /** An attempt started, with {@code tasksByExecutor} tasks on each executor: the first checkpoint is one interval away. */
    void attemptStarted(Map<Integer, Integer> tasksByExecutor, long now) {
        this.tasksByExecutor = new HashMap<>(tasksByExecutor);
        inFlight = 0;
        nextAt = now + settings.intervalMillis();
    }

    /** The attempt is being stopped: a checkpoint in flight dies with it. */
    void attemptStopped() {
        inFlight = 0;
        nextAt = Long.MAX_VALUE;
    }

    /** Starts a checkpoint when one is due, abandons one that took too long; returns whether it did anything. */
    boolean tick(long now, Executors executors) {
        if (!settings.enabled()) {
            return false;
        }
        if (inFlight != 0 && now - startedAt >= settings.timeoutMillis()) {
            abandon("it took longer than " + settings.timeoutMillis() + " ms (gearpump.checkpoint.timeout.ms)", now, executors);
            return true;
        }
        if (inFlight == 0 && now >= nextAt) {
            inFlight = ++lastStarted;
            startedAt = now;
            taken.clear();
            bytes = 0;
            executors.trigger(inFlight);
            return true;
        }
        return false;
    }

    /** An executor's news; returns the checkpoint it completed, or null. */
    Completed taken(CheckpointTaken t, long now, Executors executors) {
        if (t.checkpointId() != inFlight || !tasksByExecutor.containsKey(t.executorId())) {
            return null; // an abandoned checkpoint's, or another attempt's
        }
        if (t.failure() != null) {
            abandon("executor " + t.executorId() + ": " + t.failure(), now, executors);
            return null;
        }
        if (t.tasks() != tasksByExecutor.get(t.executorId())) {
            abandon("executor " + t.executorId() + " wrote " + t.tasks() + " snapshots for its " + tasksByExecutor.get(t.executorId())
                    + " tasks", now, executors);
            return null;
        }
        taken.add(t.executorId());
        bytes += t.bytes();
        if (!taken.containsAll(tasksByExecutor.keySet())) {
            return null;
        }
        Completed done = new Completed(inFlight, bytes, now - startedAt);
        lastCompleted = inFlight;
        inFlight = 0;
        nextAt = startedAt + settings.intervalMillis();
        return done;
    }

    private void abandon(String why, long now, Executors executors) {
        lastFailure = "checkpoint " + inFlight + " was abandoned: " + why;
        executors.abandon(inFlight);
        inFlight = 0;
        nextAt = now + settings.intervalMillis();
    }
}
