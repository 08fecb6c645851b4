/**
 * gearpump-worker (coming issues): the worker daemon, executors (JVMs that host tasks), the
 * AppMaster and executor launching. Depends on gearpump-net, never on the master.
 */
package io.gearpump.worker;
