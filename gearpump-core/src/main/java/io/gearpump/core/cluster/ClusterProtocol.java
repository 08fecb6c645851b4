package io.gearpump.core.cluster;

import java.util.ArrayList;
import java.util.HashMap;

/**
 * The messages between clients, masters, workers, AppMasters and executors: records of plain
 * fields, each registered for the wire in {@link ClusterWireTypes}. A request names its answer in
 * its comment.
 */
public final class ClusterProtocol {

    private ClusterProtocol() {
    }

    // ------------------------------------------------------------------ client -> master

    /**
     * -> {@link AppSubmitted}. {@code app} is a serialized {@link AppDescription}; the master stores it unread.
     * {@code submissionId} (random, not 0) makes a retried submission (e.g. across a master failover) apply once.
     */
    public record SubmitApp(String name, String user, String jarName, byte[] jar, byte[] app, int executors, long submissionId) {

        /** A random submission id: never 0, and different for every submission in practice. */
        public static long newId() {
            long id;
            do {
                id = java.util.concurrent.ThreadLocalRandom.current().nextLong();
            } while (id == 0);
            return id;
        }
    }

    public record AppSubmitted(int appId) {
    }

    /** -> {@link AppList}. */
    public record ListApps() {
    }

    public record AppList(ArrayList<AppSummary> apps) {
    }

    /**
     * {@code startClockMillis}: the application clock the master group last replicated, from which a
     * restart replays ({@code Long.MIN_VALUE} before the first, {@code Long.MAX_VALUE} at the end of the stream).
     */
    public record AppSummary(int appId, String name, String state, long submittedMillis, String user, String failure,
                             long startClockMillis) {
    }

    /** -> {@link AppReport}. */
    public record GetAppStatus(int appId) {
    }

    /** -> {@link AppSummary} of the killed application. */
    public record KillApp(int appId) {
    }

    /** -> {@link AppSummary}: ends the application gracefully (sources end, the rest drains). */
    public record StopApp(int appId) {
    }

    /** master -> AppMaster, -> {@link Done}: drain the running attempt. */
    public record DrainApp(int appId) {
    }

    /** AppMaster -> executor, -> {@link Done}: end this attempt's sources; the rest drains. */
    public record DrainTasks(int attempt) {
    }

    /** -> {@link ClusterReport}. */
    public record GetCluster() {
    }

    public record ClusterReport(ArrayList<MasterInfo> masters, ArrayList<WorkerInfo> workers) {
    }

    /**
     * One master as it sees itself: its Raft role (LEADER, FOLLOWER, CANDIDATE, PRE_CANDIDATE), term,
     * commit and applied index, and the leader it knows of ("" when none).
     */
    public record MasterInfo(String address, String role, long term, long commitIndex, long appliedIndex, String leader) {
    }

    /** -> {@link MasterInfo}; answered by every master, leader or not. */
    public record GetMasterStatus() {
    }

    public record WorkerInfo(int workerId, String address, int slots, int slotsUsed, long lastHeartbeatMillis, String state) {
    }

    // ------------------------------------------------------------------ worker <-> master

    /**
     * -> {@link WorkerRegistered}. {@code address} is where the worker can be reached (for information);
     * {@code previousId} is the id an earlier leader gave it (-1 if none), kept when free so executors and
     * placements that name it stay right across a master failover.
     */
    public record RegisterWorker(String address, int slots, long pid, int previousId) {
    }

    public record WorkerRegistered(int workerId, int heartbeatMillis) {
    }

    /** -> {@link HeartbeatAck}; {@code known == false} tells the worker to register again. */
    public record WorkerHeartbeat(int workerId, ArrayList<ExecutorInfo> executors) {
    }

    public record HeartbeatAck(boolean known) {
    }

    public record ExecutorInfo(int appId, int executorId, long pid, boolean alive) {
    }

    /** master -> worker, -> {@link ExecutorLaunched}. The worker fetches the jar with {@link FetchJar}. */
    public record LaunchExecutor(int appId, int executorId, int workerId, boolean appMaster, String masterAddress,
                                 String appMasterAddress) {
    }

    public record ExecutorLaunched(long pid) {
    }

    /** master -> worker, -> {@link Done}: stops every executor of the application on that worker. */
    public record StopExecutors(int appId) {
    }

    public record Done() {
    }

    /** worker or executor -> master, -> {@link AppBundle}. */
    public record FetchJar(int appId) {
    }

    /** {@code startClockMillis}: as in {@link AppSummary}; a relaunched AppMaster starts the tasks from it. */
    public record AppBundle(int appId, String name, String jarName, byte[] jar, byte[] app, int executors,
                            long startClockMillis) {
    }

    // ------------------------------------------------------------------ AppMaster <-> master

    /** -> {@link ExecutorsGranted}: the master starts {@code count} executors for the application. */
    public record RequestExecutors(int appId, int count, String appMasterAddress) {
    }

    public record ExecutorsGranted(ArrayList<Integer> executorIds, ArrayList<Integer> workerIds) {
    }

    /** -> {@link Done}. The AppMaster's view of its application, sent periodically and on changes. */
    public record ReportApp(int appId, String state, String failure, int restarts, long clockMillis,
                            ArrayList<ProcessorReport> processors, ArrayList<TaskPlacement> placement,
                            HashMap<String, Long> counters) {
    }

    public record ProcessorReport(int processorId, String description, int parallelism, long received, long sent,
                                  double receivedPerSecond) {
    }

    public record TaskPlacement(int processorId, int index, int executorId, int workerId) {
    }

    /** The master's answer to {@link GetAppStatus}: what it knows plus the AppMaster's last report. */
    public record AppReport(AppSummary summary, ReportApp detail) {
    }

    // ------------------------------------------------------------------ executor <-> AppMaster

    /** -> {@link Done}. {@code streamAddress} is where the executor's stream hub listens. */
    public record RegisterExecutor(int executorId, int workerId, String streamAddress, long pid) {
    }

    /** AppMaster -> master, -> {@link Done}: the application ended (SUCCEEDED or FAILED). */
    public record AppFinished(int appId, String state, String failure) {
    }

    /** AppMaster -> executor, -> {@link Done}: run the tasks placed on you, for this attempt. */
    public record StartTasks(int attempt, ArrayList<TaskPlacement> placement, ArrayList<String> executorAddresses,
                             long startClockMillis) {
    }

    /** AppMaster -> executor, -> {@link ExecutorReport}. */
    public record GetExecutorReport(int attempt) {
    }

    public record ExecutorReport(int executorId, int attempt, String state, String failure, long clockMillis,
                                 ArrayList<ProcessorReport> processors, HashMap<String, Long> counters) {
    }

    /** AppMaster -> executor, -> {@link Done}: kill this attempt's tasks. */
    public record StopTasks(int attempt) {
    }
}
