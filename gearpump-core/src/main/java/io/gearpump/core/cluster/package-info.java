/**
 * What the cluster's processes say to each other, one file per conversation:
 * {@link io.gearpump.core.cluster.ClientProtocol} (clients and masters),
 * {@link io.gearpump.core.cluster.WorkerProtocol} (workers and masters),
 * {@link io.gearpump.core.cluster.AppMasterProtocol} (AppMasters and masters) and
 * {@link io.gearpump.core.cluster.ExecutorProtocol} (AppMasters and executors). Each side's requests
 * are a sealed family its receiver handles with one exhaustive switch; every request names its reply
 * type ({@link io.gearpump.core.cluster.Request}); states travel as enums; a refusal travels as a
 * {@link io.gearpump.core.cluster.ClusterError} code. All of it is registered for the wire in
 * {@link io.gearpump.core.cluster.ClusterWireTypes}. Also the travelling form of an application
 * ({@link io.gearpump.core.cluster.AppDescription}). Shared by master and worker, which never call
 * each other's code.
 */
package io.gearpump.core.cluster;
