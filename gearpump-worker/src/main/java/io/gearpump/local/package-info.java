/**
 * {@link io.gearpump.local.LocalCluster}: the in-process cluster users start from a main, a test or
 * jshell. It lives in gearpump-examples, the one module that sees both master and worker, but in a
 * package of its own because it is an entry point, not an example.
 */
package io.gearpump.local;
