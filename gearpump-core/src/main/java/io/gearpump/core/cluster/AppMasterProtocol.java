package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;

import io.gearpump.core.metrics.ExecutorSample;
import io.gearpump.core.metrics.ProcessorSample;
import io.gearpump.core.metrics.TaskSample;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * Between an application's AppMaster and the leading master.
 *
 * <p>Fencing. Every AppMaster the masters launch for an application gets the next <em>epoch</em>
 * (1 for the first; a replacement, after the AppMaster or its worker was lost, is recorded through
 * Raft before it is launched), and names it in every request. The leader serves only the
 * application's latest epoch: a request from an older one is refused with
 * {@link ClusterError#SUPERSEDED}, upon which that AppMaster stops its tasks and exits. So an
 * AppMaster that was cut off, or given up for dead, can neither get executors, nor start tasks
 * ({@link BeginAttempt}), nor report, nor end the application, once its replacement exists.
 */
public final class AppMasterProtocol {

    private AppMasterProtocol() {
    }

    /** AppMaster -> master. */
    public sealed interface AppMasterRequest<R> extends MasterRequest<R> {
    }

    /** Master -> AppMaster. */
    public sealed interface AppMasterCommand<R> extends Request<R> {
    }

    /** The master starts {@code count} executors for the application. */
    public record RequestExecutors(int appId, int epoch, int count, String appMasterAddress)
            implements AppMasterRequest<ExecutorsGranted> {
        @Override
        public Class<ExecutorsGranted> replyType() {
            return ExecutorsGranted.class;
        }
    }

    public record ExecutorsGranted(ArrayList<Integer> executorIds, ArrayList<Integer> workerIds) {
    }

    /**
     * The AppMaster's view of its application, sent periodically and on changes; {@code metrics} are the
     * last second's, per processor, per task and per executor JVM (empty when metrics are off).
     */
    public record ReportApp(int appId, int epoch, AppState state, String failure, int restarts, long clockMillis,
                            ArrayList<ProcessorReport> processors, ArrayList<TaskPlacement> placement,
                            HashMap<String, Long> counters, Guarantee guarantee, String checkpointFailure,
                            AppMetrics metrics, ArrayList<EdgeReport> edges)
            implements AppMasterRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** An edge of the application's DAG: processor ids and how messages are partitioned along it. */
    public record EdgeReport(int from, int to, String partitioner) {
    }

    /** An application's metrics at one moment: per processor, per task and per executor JVM. */
    public record AppMetrics(ArrayList<ProcessorSample> processors, ArrayList<TaskSample> tasks,
                             ArrayList<ExecutorSample> executors) {
        public static AppMetrics none() {
            return new AppMetrics(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        }
    }

    /**
     * A processor's messages received and sent in the running attempt, {@code receivedTotal} and
     * {@code sentTotal} since the application was submitted (every attempt, under every AppMaster).
     */
    public record ProcessorReport(int processorId, String description, int parallelism, long received, long sent,
                                  double receivedPerSecond, long receivedTotal, long sentTotal) {
    }

    /** A processor's messages received and sent over attempts that ended. */
    public record ProcessedCounts(int processorId, long received, long sent) {
    }

    public record TaskPlacement(int processorId, int index, int executorId, int workerId) {
    }

    /** The application ended: {@code state} is SUCCEEDED or FAILED. */
    public record AppFinished(int appId, int epoch, AppState state, String failure) implements AppMasterRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /**
     * The AppMaster is about to start {@code attempt} of its tasks: answered once a quorum of masters
     * confirmed that this leader leads and that {@code epoch} is still the application's latest; refused
     * with {@link ClusterError#SUPERSEDED} if a newer AppMaster exists, {@link ClusterError#APP_ENDED} if the
     * application has ended. No attempt starts without this answer.
     */
    public record BeginAttempt(int appId, int epoch, int attempt) implements AppMasterRequest<AttemptBegun> {
        @Override
        public Class<AttemptBegun> replyType() {
            return AttemptBegun.class;
        }
    }

    /**
     * The attempt may start, from checkpoint {@code lastCheckpoint} (0: none): the last one the masters
     * recorded, read after a barrier, so whatever this AppMaster proposed before is settled. The masters
     * recorded the attempt too: {@code restarts} is how many attempts came before it (under any AppMaster),
     * {@code countedBefore} what they processed, so the application's numbers survive an AppMaster's loss.
     * {@code submittedMillis}: when the application was submitted, where its run time counts from.
     */
    public record AttemptBegun(long lastCheckpoint, int restarts, ArrayList<ProcessedCounts> countedBefore, long submittedMillis) {
        public static AttemptBegun first(long lastCheckpoint) {
            return new AttemptBegun(lastCheckpoint, 0, new ArrayList<>(), 0);
        }
    }

    /**
     * Every task of the application took checkpoint {@code checkpointId} and its snapshot lies in
     * {@code location}: the master records it before the AppMaster lets any sink make its output final,
     * so a restart after any failure starts from it. Refused (SUPERSEDED) from a replaced AppMaster.
     */
    public record CheckpointCompleted(int appId, int epoch, long checkpointId, String location, long completedMillis,
                                      long bytes, long durationMillis) implements AppMasterRequest<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }

    /** Drain the running attempt: its sources end, the rest processes what is in flight. */
    public record DrainApp(int appId) implements AppMasterCommand<Done> {
        @Override
        public Class<Done> replyType() {
            return Done.class;
        }
    }
}
