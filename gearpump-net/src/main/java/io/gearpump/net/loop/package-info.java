/**
 * Non-blocking I/O: {@link io.gearpump.net.loop.EventLoop} (one selector thread that never blocks
 * and runs no user code), {@link io.gearpump.net.loop.Connection} (framed reads, batched gathering
 * writes, sends from any thread), {@link io.gearpump.net.loop.NetServer} and
 * {@link io.gearpump.net.loop.EventLoopGroup} (a fixed set of loops, client connects).
 */
package io.gearpump.net.loop;
