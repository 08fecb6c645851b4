package io.gearpump.worker.executor;

import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The AppMaster's checkpoint coordinator: every interval, while an attempt runs, it starts the next
 * checkpoint (its sources inject the barrier); once every executor of the attempt says all its tasks'
 * snapshots are written the checkpoint is taken, and it is complete when the masters have recorded it
 * ({@link #recorded}); only then may sinks make their output final. One checkpoint at a time; one that
 * takes longer than the timeout, or that an executor could not write, is abandoned and the
 * application goes on. Ids only grow and never repeat across AppMasters: an AppMaster of epoch
 * {@code e} numbers its checkpoints from {@code e * 1,000,000,000 + 1} (or after the last completed
 * one), so a replaced AppMaster that still runs can never write into a checkpoint of its successor.
 * Confined to the AppMaster agent's thread; time is the {@code now} it is given.
 */
final class CheckpointCoordinator {

    /** What the coordinator asks of the running attempt's executors. */
    interface Executors {
        void trigger(long checkpointId);

        void abandon(long checkpointId);
    }

    /** Ids of the checkpoints of one AppMaster epoch start after {@code epoch} times this. */
    static final long IDS_PER_EPOCH = 1_000_000_000L;

    /** A checkpoint taken: every snapshot is durable; to be recorded by the masters. */
    record Completed(long checkpointId, long bytes, long durationMillis) {
    }

    private final CheckpointSettings settings;
    private long lastCompleted;
    private long lastStarted;
    private long inFlight; // 0: none
    private long startedAt;
    private long nextAt = Long.MAX_VALUE; // no attempt running
    private boolean finalWanted; // the tasks have finished: a checkpoint after finalAfter starts as soon as it can
    private long finalAfter;
    private boolean recording; // the checkpoint in flight was taken; the masters are recording it
    private Map<Integer, Integer> tasksByExecutor = Map.of();
    private final Set<Integer> taken = new HashSet<>();
    private long bytes;
    private String lastFailure;

    /** @param lastCompleted the last checkpoint completed before this AppMaster (0 for none) */
    CheckpointCoordinator(CheckpointSettings settings, int epoch, long lastCompleted) {
        this.settings = settings;
        this.lastCompleted = lastCompleted;
        this.lastStarted = Math.max(lastCompleted, epoch * IDS_PER_EPOCH);
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
        finalWanted = false;
        if (!recording) {
            inFlight = 0;
        }
        nextAt = now + settings.intervalMillis();
    }

    /**
     * The attempt is being stopped: a checkpoint in flight dies with it, except one the masters are
     * recording (its answer decides where the next attempt starts: see {@link #recordingInFlight}).
     */
    void attemptStopped() {
        if (!recording) {
            inFlight = 0;
        }
        nextAt = Long.MAX_VALUE;
    }

    /** Whether the masters are recording a checkpoint: no attempt should start before their answer. */
    boolean recordingInFlight() {
        return recording;
    }

    /**
     * The last checkpoint the masters have recorded, as they said before an attempt (after a barrier,
     * so nothing this AppMaster proposed is still undecided): the next attempt restores it.
     */
    void masterRecorded(long checkpointId) {
        lastCompleted = checkpointId;
    }

    /** The masters recorded checkpoint {@code checkpointId}: it is complete, restarts start from it. */
    void recorded(long checkpointId, long now) {
        lastCompleted = Math.max(lastCompleted, checkpointId);
        if (recording && inFlight == checkpointId) {
            inFlight = 0;
            recording = false;
            if (nextAt != Long.MAX_VALUE) { // still running
                // one that may miss the tasks' final state is followed at once; after the final one, the interval
                nextAt = finalWanted && checkpointId <= finalAfter ? now : Math.max(now, startedAt + settings.intervalMillis());
            }
        }
    }

    /** The masters did not record checkpoint {@code checkpointId}: it does not count; the next one comes an interval later. */
    void notRecorded(long checkpointId, String why, long now) {
        lastFailure = "checkpoint " + checkpointId + " was not recorded: " + why;
        if (recording && inFlight == checkpointId) {
            inFlight = 0;
            recording = false;
            if (nextAt != Long.MAX_VALUE) {
                nextAt = now + settings.intervalMillis(); // a failure waits an interval, finishing or not
            }
        }
    }

    /**
     * Every task of the running attempt has finished: checkpoints start as soon as the one in flight is
     * over, without waiting for the interval. Returns the last checkpoint started so far: one started
     * after it took the tasks' final state.
     */
    long finalWanted(long now) {
        finalWanted = true;
        finalAfter = lastStarted;
        if (nextAt != Long.MAX_VALUE && inFlight == 0) {
            nextAt = now;
        }
        return finalAfter;
    }

    /** Starts a checkpoint when one is due, abandons one that took too long; returns whether it did anything. */
    boolean tick(long now, Executors executors) {
        if (!settings.enabled()) {
            return false;
        }
        if (inFlight != 0 && !recording && now - startedAt >= settings.timeoutMillis()) {
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

    /** An executor's news; returns the checkpoint it made taken (for the masters to record), or null. */
    Completed taken(CheckpointTaken t, long now, Executors executors) {
        if (t.checkpointId() != inFlight || recording || !tasksByExecutor.containsKey(t.executorId())) {
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
        recording = true;
        return new Completed(inFlight, bytes, now - startedAt);
    }

    private void abandon(String why, long now, Executors executors) {
        lastFailure = "checkpoint " + inFlight + " was abandoned: " + why;
        executors.abandon(inFlight);
        inFlight = 0;
        nextAt = now + settings.intervalMillis();
    }
}
