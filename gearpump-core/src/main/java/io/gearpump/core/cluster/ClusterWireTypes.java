package io.gearpump.core.cluster;

import io.gearpump.core.serialization.WireRegistry.Entry;

import java.util.List;

/** Wire ids of the cluster protocol (30-79). Append only. */
public final class ClusterWireTypes {

    public static final List<Entry> ENTRIES = List.of(
            new Entry(30, ClusterProtocol.SubmitApp.class, null),
            new Entry(31, ClusterProtocol.AppSubmitted.class, null),
            new Entry(32, ClusterProtocol.ListApps.class, null),
            new Entry(33, ClusterProtocol.AppList.class, null),
            new Entry(34, ClusterProtocol.AppSummary.class, null),
            new Entry(35, ClusterProtocol.GetAppStatus.class, null),
            new Entry(36, ClusterProtocol.KillApp.class, null),
            new Entry(37, ClusterProtocol.GetCluster.class, null),
            new Entry(38, ClusterProtocol.ClusterReport.class, null),
            new Entry(39, ClusterProtocol.MasterInfo.class, null),
            new Entry(40, ClusterProtocol.WorkerInfo.class, null),
            new Entry(41, ClusterProtocol.RegisterWorker.class, null),
            new Entry(42, ClusterProtocol.WorkerRegistered.class, null),
            new Entry(43, ClusterProtocol.WorkerHeartbeat.class, null),
            new Entry(44, ClusterProtocol.HeartbeatAck.class, null),
            new Entry(45, ClusterProtocol.ExecutorInfo.class, null),
            new Entry(46, ClusterProtocol.LaunchExecutor.class, null),
            new Entry(47, ClusterProtocol.ExecutorLaunched.class, null),
            new Entry(48, ClusterProtocol.StopExecutors.class, null),
            new Entry(49, ClusterProtocol.Done.class, null),
            new Entry(50, ClusterProtocol.FetchJar.class, null),
            new Entry(51, ClusterProtocol.AppBundle.class, null),
            new Entry(52, ClusterProtocol.RequestExecutors.class, null),
            new Entry(53, ClusterProtocol.ExecutorsGranted.class, null),
            new Entry(54, ClusterProtocol.ReportApp.class, null),
            new Entry(55, ClusterProtocol.ProcessorReport.class, null),
            new Entry(56, ClusterProtocol.TaskPlacement.class, null),
            new Entry(57, ClusterProtocol.AppReport.class, null),
            new Entry(58, ClusterProtocol.RegisterExecutor.class, null),
            new Entry(59, ClusterProtocol.StartTasks.class, null),
            new Entry(60, ClusterProtocol.GetExecutorReport.class, null),
            new Entry(61, ClusterProtocol.ExecutorReport.class, null),
            new Entry(62, ClusterProtocol.StopTasks.class, null),
            new Entry(63, ClusterProtocol.AppFinished.class, null),
            new Entry(64, ClusterProtocol.StopApp.class, null),
            new Entry(65, ClusterProtocol.DrainApp.class, null),
            new Entry(66, ClusterProtocol.DrainTasks.class, null),
            new Entry(67, ClusterProtocol.GetMasterStatus.class, null));

    private ClusterWireTypes() {
    }
}
