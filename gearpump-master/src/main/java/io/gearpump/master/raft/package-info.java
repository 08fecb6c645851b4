/**
 * Raft for the master group: a replicated, durable log with leader election, snapshots and
 * linearizable reads, replicating any deterministic {@link io.gearpump.master.raft.StateMachine}
 * over a fixed group of 1, 3 or 5 nodes. It depends on nothing else in the master and on no network:
 * messages go through {@link io.gearpump.master.raft.RaftTransport} and state through
 * {@link io.gearpump.master.raft.RaftStorage}.
 *
 * <h2>What is here</h2>
 * <ul>
 * <li>{@link io.gearpump.master.raft.RaftNode}: the protocol as a deterministic state machine. It reads
 *     no clock and does no I/O; it is stepped by ticks and messages, uses an injected
 *     {@link java.util.Random} for election timeouts, and says what to do through
 *     {@link io.gearpump.master.raft.Ready}: what to write, what to send once that is durable, what to
 *     apply, which reads to answer. Its parts: {@code RaftLog} (entries, commit/apply/stable positions),
 *     {@code LeaderState} and {@code Progress} (per follower: probe, pipelined replicate, snapshot),
 *     {@code Follower} and {@code SnapshotReceiver} (the follower's side), {@code VoteTally}.</li>
 * <li>{@link io.gearpump.master.raft.RaftServer}: a node wired to its storage, transport and state
 *     machine; what a master uses (below).</li>
 * <li>{@code ReplicatedState} and {@code ClientSessions}: the user's state machine plus, per client,
 *     the last sequence number applied and its result; both are replicated and go into snapshots.</li>
 * <li>{@link io.gearpump.master.raft.FileStorage} (disk) and {@link io.gearpump.master.raft.MemoryStorage}
 *     (simulation: a disk that loses a random suffix of the unsynced writes on a crash).</li>
 * <li>{@link io.gearpump.master.raft.RaftWireTypes}: wire ids 240-249 (240-259 reserved for Raft in
 *     master's 200-299) with an explicit layout, to carry {@link io.gearpump.master.raft.RaftMessage}s
 *     over gearpump-net.</li>
 * </ul>
 *
 * <h2>How a master uses it</h2>
 * <pre>{@code
 * RaftConfig config = RaftConfig.of("m1", List.of("m1", "m2", "m3"));        // validated here
 * RaftStorage storage = FileStorage.open(dataDir.resolve("raft"), "m1");
 * RaftServer raft = RaftServer.start(config, storage, clusterState, transport, new Random());
 * // on the one Raft thread, in a loop:
 * raft.tick();                                      // every tick (e.g. 100 ms: elections in 1-2 s)
 * raft.receive(message);                            // each RaftMessage the transport delivers
 * CompletableFuture<byte[]> done = raft.propose(clientId, sequence, command);   // leader only
 * CompletableFuture<byte[]> value = raft.read(query);                          // linearizable, leader only
 * raft.flush();                                     // once per batch: persist + one fsync, send, apply, answer
 * }</pre>
 * Futures complete on the Raft thread inside {@code flush()}; hand results to other threads from
 * there. A non-leader fails commands and reads with {@link io.gearpump.master.raft.NotLeaderException},
 * which names the leader when known (clients redirect there).
 *
 * <h2>Guarantees</h2>
 * <ul>
 * <li>Election: randomized timeouts in [E, 2E) ticks; pre-vote (a node asks whether it could win
 *     before raising its term, so a node returning from a partition does not depose a healthy
 *     leader); check-quorum (a leader that hears from no quorum for E ticks steps down, and a
 *     follower that heard from its leader within E ticks ignores vote requests). At most one leader
 *     per term.</li>
 * <li>Durability: term, vote, snapshot and entries are written and fsync'd before any message that
 *     depends on them is sent and before anything is applied or answered; a crash at any point loses
 *     nothing acknowledged. The log is synced once per {@code flush()} however many commands the batch
 *     carried (group commit). A leader counts itself towards a quorum only for entries on its own disk.</li>
 * <li>Replication: batched ({@code maxEntriesPerAppend}, {@code maxBytesPerAppend}) and pipelined
 *     ({@code maxInflightAppends} per follower); a follower that fell behind or diverged is probed back
 *     to the point where the logs match, its conflicting suffix is replaced, and its commit index never
 *     passes what is known to match the leader. A leader commits only entries of its own term by
 *     counting (earlier ones commit with them).</li>
 * <li>Snapshots: every {@code snapshotEveryEntries} applied entries a node snapshots the state machine
 *     and drops the log behind it (keeping {@code entriesKeptAfterSnapshot}), so memory and disk stay
 *     bounded; a follower that needs compacted entries gets the snapshot in chunks (InstallSnapshot),
 *     and a log that disagrees with it is dropped.</li>
 * <li>Reads: {@code read} is linearizable (ReadIndex): the leader notes its commit index, confirms
 *     with a heartbeat round that a quorum still follows it (reads arriving together share a round),
 *     and answers once it has applied that far. A leader cut off from the quorum never answers.</li>
 * <li>Commands: a client that tags commands with its id and a growing sequence number, one command at
 *     a time, gets each applied exactly once however often it retries, across leader changes, restarts
 *     and snapshots; a retry is answered with the first result. Up to {@code maxClientSessions} clients
 *     are remembered (the one with the oldest last command is forgotten first).</li>
 * <li>Disk: every log record carries a CRC32C. On start the log is cut at its first torn, damaged or
 *     misplaced record, with a logged reason; nothing after it is used. Term, vote and snapshot files
 *     are replaced atomically (temp file, fsync, rename, fsync of the directory); leftovers of an
 *     interrupted write are removed, and a damaged one stops the node with a message saying what to
 *     do. A failed write or fsync stops the node ({@link io.gearpump.master.raft.StorageException}).</li>
 * </ul>
 *
 * <h2>Threads</h2>
 * Nothing here is thread-safe or needs to be: a {@code RaftServer} and everything it owns (node,
 * storage, state machine, futures' completion) are confined to one thread; the transport must queue
 * and return without blocking it for long.
 *
 * <h2>Not here (yet)</h2>
 * Membership changes (the group is fixed), leadership transfer, follower reads, a leader writing its
 * own log in parallel with sending it (it sends once its batch is durable), snapshots streamed from
 * disk (a snapshot is held in memory, fine for cluster metadata, not for large blobs).
 */
package io.gearpump.master.raft;
