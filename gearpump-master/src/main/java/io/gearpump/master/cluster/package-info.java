/**
 * The master of a cluster, as a single-writer agent: {@link io.gearpump.master.cluster.MasterAgent}
 * owns everything a master knows and is stepped on one thread from its mailbox (requests, commands
 * Raft applied, answers to its own calls); {@link io.gearpump.master.cluster.MasterService} only
 * wires it to the network and to Raft. It keeps leadership and dispatch; what workers ask is answered by
 * {@code WorkerDesk}, what clients and AppMasters ask of applications by {@code AppDesk}, both on the
 * agent's thread. Its durable state ({@code MasterState}) changes only through
 * {@code MasterCommand}s, which Raft replicates; the agent keeps a mirror fed in log order. Worker
 * membership ({@code WorkerRegistry}), AppMaster placement and reports are soft state a new leader
 * rebuilds from registrations, heartbeats and reports; so are clients' long-polls for an
 * application's state ({@code AppWaiters}), answered when Raft applies a new state. The seams to the outside are
 * {@code Replication} (Raft) and {@code Peer} (a connection), so tests and simulations drive the
 * agent with fakes and a clock of their own.
 */
package io.gearpump.master.cluster;
