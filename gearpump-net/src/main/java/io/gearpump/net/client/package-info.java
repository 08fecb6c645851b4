/**
 * The cluster's clients: {@link io.gearpump.net.client.MasterLink} finds and follows the leader of
 * the master group for anything that talks to the masters (clients, workers, AppMasters);
 * {@link io.gearpump.net.client.ClusterClient}, {@link io.gearpump.net.client.RemoteCluster} and
 * {@code bin/gear} ({@link io.gearpump.net.client.GearCli}) are built on it.
 */
package io.gearpump.net.client;
