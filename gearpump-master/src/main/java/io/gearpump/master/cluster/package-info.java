/**
 * The master of a cluster: {@link io.gearpump.master.cluster.MasterService} serves clients, workers
 * and AppMasters; its durable state ({@code MasterState}) changes only through
 * {@code MasterCommand}s, so Raft can replicate them; worker membership ({@code WorkerRegistry}) is
 * soft state from registrations and heartbeats.
 */
package io.gearpump.master.cluster;
