/**
 * Raft between master processes: {@link io.gearpump.master.replication.RaftNetTransport} carries
 * Raft messages over gearpump-net, {@link io.gearpump.master.replication.RaftHost} drives a
 * {@code RaftServer} on its own thread. The master's state does not go through it yet.
 */
package io.gearpump.master.replication;
