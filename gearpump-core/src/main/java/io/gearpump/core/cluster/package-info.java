/**
 * What the cluster's processes say to each other ({@link io.gearpump.core.cluster.ClusterProtocol},
 * registered for the wire in {@link io.gearpump.core.cluster.ClusterWireTypes}) and the travelling
 * form of an application ({@link io.gearpump.core.cluster.AppDescription}). Shared by master and
 * worker, which never depend on each other.
 */
package io.gearpump.core.cluster;
