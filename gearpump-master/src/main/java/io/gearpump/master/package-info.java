/**
 * gearpump-master (coming issues): Raft, the replicated cluster state machine, the resource
 * scheduler, the application registry and jar store. Depends on gearpump-net, never on the worker.
 */
package io.gearpump.master;
