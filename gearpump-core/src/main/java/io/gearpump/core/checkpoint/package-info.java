/**
 * Where checkpoints are kept: the {@link io.gearpump.core.checkpoint.CheckpointStore} contract and
 * its file-system implementation. Which checkpoint completed is not the store's business: the
 * AppMaster commits that through the masters' Raft log.
 */
package io.gearpump.core.checkpoint;
