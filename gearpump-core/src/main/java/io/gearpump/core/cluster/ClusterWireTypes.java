package io.gearpump.core.cluster;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.metrics.ExecutorSample;
import io.gearpump.core.metrics.ProcessorSample;
import io.gearpump.core.metrics.TaskSample;
import io.gearpump.core.serialization.WireRegistry.Entry;

import java.util.List;

/**
 * Wire ids of the cluster protocol (30-79, then 89-99). Append only: an id keeps its meaning when its record moves
 * between the conversation files. Enums travel by ordinal, so their constants are append only too.
 */
public final class ClusterWireTypes {

    public static final List<Entry> ENTRIES = List.of(
            new Entry(30, ClientProtocol.SubmitApp.class, null),
            new Entry(31, ClientProtocol.AppSubmitted.class, null),
            new Entry(32, ClientProtocol.ListApps.class, null),
            new Entry(33, ClientProtocol.AppList.class, null),
            new Entry(34, ClientProtocol.AppSummary.class, null),
            new Entry(35, ClientProtocol.GetAppStatus.class, null),
            new Entry(36, ClientProtocol.KillApp.class, null),
            new Entry(37, ClientProtocol.GetCluster.class, null),
            new Entry(38, ClientProtocol.ClusterReport.class, null),
            new Entry(39, ClientProtocol.MasterInfo.class, null),
            new Entry(40, ClientProtocol.WorkerInfo.class, null),
            new Entry(41, WorkerProtocol.RegisterWorker.class, null),
            new Entry(42, WorkerProtocol.WorkerRegistered.class, null),
            new Entry(43, WorkerProtocol.WorkerHeartbeat.class, null),
            new Entry(44, WorkerProtocol.HeartbeatAck.class, null),
            new Entry(45, WorkerProtocol.ExecutorInfo.class, null),
            new Entry(46, WorkerProtocol.LaunchExecutor.class, null),
            new Entry(47, WorkerProtocol.ExecutorLaunched.class, null),
            new Entry(48, WorkerProtocol.StopExecutors.class, null),
            new Entry(49, Done.class, null),
            new Entry(50, WorkerProtocol.FetchJar.class, null),
            new Entry(51, WorkerProtocol.AppBundle.class, null),
            new Entry(52, AppMasterProtocol.RequestExecutors.class, null),
            new Entry(53, AppMasterProtocol.ExecutorsGranted.class, null),
            new Entry(54, AppMasterProtocol.ReportApp.class, null),
            new Entry(55, AppMasterProtocol.ProcessorReport.class, null),
            new Entry(56, AppMasterProtocol.TaskPlacement.class, null),
            new Entry(57, ClientProtocol.AppReport.class, null),
            new Entry(58, ExecutorProtocol.RegisterExecutor.class, null),
            new Entry(59, ExecutorProtocol.StartTasks.class, null),
            new Entry(60, ExecutorProtocol.GetExecutorReport.class, null),
            new Entry(61, ExecutorProtocol.ExecutorReport.class, null),
            new Entry(62, ExecutorProtocol.StopTasks.class, null),
            new Entry(63, AppMasterProtocol.AppFinished.class, null),
            new Entry(64, ClientProtocol.StopApp.class, null),
            new Entry(65, AppMasterProtocol.DrainApp.class, null),
            new Entry(66, ExecutorProtocol.DrainTasks.class, null),
            new Entry(67, ClientProtocol.GetMasterStatus.class, null),
            new Entry(68, MasterRole.class, null),
            new Entry(69, WorkerState.class, null),
            new Entry(70, AppState.class, null),
            new Entry(71, ClientProtocol.AwaitApp.class, null),
            new Entry(72, AppMasterProtocol.BeginAttempt.class, null),
            new Entry(73, WorkerProtocol.StopExecutor.class, null),
            new Entry(74, Guarantee.class, null),
            new Entry(75, ExecutorProtocol.CheckpointOrders.class, null),
            new Entry(76, ExecutorProtocol.TriggerCheckpoint.class, null),
            new Entry(77, ExecutorProtocol.AbandonCheckpoint.class, null),
            new Entry(78, ExecutorProtocol.CheckpointTaken.class, null),
            new Entry(79, ExecutorProtocol.CompleteCheckpoint.class, null),
            new Entry(89, AppMasterProtocol.CheckpointCompleted.class, null),
            new Entry(90, ClientProtocol.CheckpointInfo.class, null),
            new Entry(91, AppMasterProtocol.AttemptBegun.class, null),
            new Entry(92, AppMasterProtocol.AppMetrics.class, null),
            new Entry(93, TaskSample.class, null),
            new Entry(94, ProcessorSample.class, null),
            new Entry(95, ExecutorSample.class, null),
            new Entry(96, ClientProtocol.GetAppMetrics.class, null),
            new Entry(97, ClientProtocol.AppMetricsHistory.class, null),
            new Entry(98, AppMasterProtocol.EdgeReport.class, null),
            new Entry(99, AppMasterProtocol.ProcessedCounts.class, null));

    private ClusterWireTypes() {
    }
}
