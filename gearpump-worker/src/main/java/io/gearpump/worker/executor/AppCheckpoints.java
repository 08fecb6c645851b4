package io.gearpump.worker.executor;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.checkpoint.CheckpointSettings;
import io.gearpump.core.cluster.AppMasterProtocol.CheckpointCompleted;
import io.gearpump.core.cluster.ExecutorProtocol.AbandonCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointOrders;
import io.gearpump.core.cluster.ExecutorProtocol.CheckpointTaken;
import io.gearpump.core.cluster.ExecutorProtocol.CompleteCheckpoint;
import io.gearpump.core.cluster.ExecutorProtocol.TriggerCheckpoint;
import io.gearpump.net.client.MasterChannel;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The AppMaster's checkpoint duties, around its {@link CheckpointCoordinator}: telling the running
 * attempt's executors to start, abandon and complete checkpoints, having the masters record each one
 * taken before any sink may make its output final, and keeping the retained ones. Confined to the
 * AppMaster agent's thread (answers come back through {@code onAgent}).
 */
final class AppCheckpoints {

    private static final Logger LOG = LoggerFactory.getLogger(AppCheckpoints.class);
    private static final Duration MASTER_WAIT = Duration.ofSeconds(30);

    /** The running attempt, as the AppMaster knows it; its executors are the {@link AppExecutors}' members. */
    interface Attempt {
        int number();

        boolean running();
    }

    private final int appId;
    private final int epoch;
    private final CheckpointSettings settings;
    private final CheckpointCoordinator coordinator;
    private final CheckpointRetention retention;
    private final MasterChannel master;
    private final Executor onAgent;
    private final Attempt attempt;
    private final AppExecutors appExecutors;
    private final Consumer<Throwable> refused;
    private Runnable onFinal; // the tasks have finished: what runs once a checkpoint after finalAfter is final everywhere
    private long finalAfter;
    private final CheckpointCoordinator.Executors executors = new CheckpointCoordinator.Executors() {
        @Override
        public void trigger(long checkpointId) {
            appExecutors.tell(new TriggerCheckpoint(attempt.number(), checkpointId));
        }

        @Override
        public void abandon(long checkpointId) {
            LOG.warn("app {}: {}", appId, coordinator.lastFailure());
            appExecutors.tell(new AbandonCheckpoint(attempt.number(), checkpointId));
        }
    };

    /**
     * @param lastCheckpoint the last checkpoint the masters recorded before this AppMaster (0 for none)
     * @param refused told when the masters refuse a record (a newer AppMaster replaced this one)
     */
    AppCheckpoints(int appId, int epoch, CheckpointSettings settings, long lastCheckpoint, MasterChannel master, Executor onAgent,
                   Attempt attempt, AppExecutors appExecutors, Consumer<Throwable> refused) {
        this.appId = appId;
        this.epoch = epoch;
        this.settings = settings;
        this.coordinator = new CheckpointCoordinator(settings, epoch, lastCheckpoint);
        this.retention = new CheckpointRetention(appId, settings, lastCheckpoint);
        this.master = master;
        this.onAgent = onAgent;
        this.attempt = attempt;
        this.appExecutors = appExecutors;
        this.refused = refused;
    }

    Guarantee guarantee() {
        return settings.guarantee();
    }

    String lastFailure() {
        return coordinator.lastFailure();
    }

    /** What the next attempt's executors are told: the guarantee, where checkpoints lie, what to restore. */
    CheckpointOrders orders() {
        return coordinator.enabled()
                ? new CheckpointOrders(settings.guarantee(), settings.dir().toAbsolutePath().toString(), // an executor's
                        coordinator.restoreFrom())                                                      // directory is not ours
                : CheckpointOrders.NONE;
    }

    void attemptStarted(Map<Integer, Integer> tasksByExecutor, long now) {
        coordinator.attemptStarted(tasksByExecutor, now);
    }

    void attemptStopped() {
        coordinator.attemptStopped();
        onFinal = null;
    }

    /**
     * Every task of the attempt has finished: {@code done} runs once a checkpoint started from now on
     * (so holding every task's final state) is recorded and every executor has made what it covers
     * final (a sink's last part); at once without a guarantee. Asking again changes nothing.
     */
    void finish(long now, Runnable done) {
        if (!coordinator.enabled()) {
            done.run();
        } else if (onFinal == null) {
            onFinal = done;
            finalAfter = coordinator.finalWanted(now);
        }
    }

    /** Whether the masters are recording a checkpoint: the next attempt waits for their answer. */
    boolean recordingInFlight() {
        return coordinator.recordingInFlight();
    }

    /** The masters' last recorded checkpoint, as they said before an attempt: it restores from there. */
    void masterRecorded(long checkpointId) {
        coordinator.masterRecorded(checkpointId);
    }

    /** Starts or abandons a checkpoint when due; whether it did anything. */
    boolean tick(long now) {
        return coordinator.tick(now, executors);
    }

    /** An executor's news: once every executor took the checkpoint, the masters record it. */
    void taken(CheckpointTaken taken, long now) {
        CheckpointCoordinator.Completed done = coordinator.taken(taken, now, executors);
        if (done != null) {
            record(done, now);
        }
    }

    /** The checkpoint after the tasks finished: once every executor made its output final, the application is done. */
    private void completeFinal(int takenBy, long id) {
        Runnable done = onFinal;
        appExecutors.ask(new CompleteCheckpoint(takenBy, id)).whenCompleteAsync((all, error) -> {
            if (attempt.number() != takenBy || !attempt.running() || onFinal != done) {
                return;
            }
            if (error == null) {
                done.run();
            } else { // the checkpoint is recorded: the next one (started at once) tries again
                LOG.warn("app {}: not every executor made checkpoint {} final: {}", appId, id, Failures.describe(error));
            }
        }, onAgent);
    }

    /** Every task took it: the masters record it, and only then may the tasks make their output final. */
    private void record(CheckpointCoordinator.Completed done, long now) {
        long id = done.checkpointId();
        int takenBy = attempt.number();
        master.call(new CheckpointCompleted(appId, epoch, id, retention.location(id), now, done.bytes(), done.durationMillis()),
                MASTER_WAIT).whenCompleteAsync((recorded, error) -> {
                    if (error != null) {
                        coordinator.notRecorded(id, Failures.describe(error), now);
                        LOG.warn("app {}: {}", appId, coordinator.lastFailure());
                        refused.accept(error);
                        return;
                    }
                    coordinator.recorded(id, now);
                    LOG.info("app {}: checkpoint {} completed ({} bytes in {} ms)", appId, id, done.bytes(), done.durationMillis());
                    if (attempt.number() == takenBy && attempt.running()) {
                        if (onFinal != null && id > finalAfter) {
                            completeFinal(takenBy, id);
                        } else {
                            appExecutors.tell(new CompleteCheckpoint(takenBy, id));
                        }
                    }
                    retention.completed(id);
                }, onAgent);
    }
}
