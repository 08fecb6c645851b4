/**
 * Test kit for the net module: {@link io.gearpump.net.testing.LoopbackNet} (loops, servers and
 * sockets on 127.0.0.1, all closed by one {@code close}), {@link io.gearpump.net.testing.RawPeer}
 * (a blocking socket that writes any bytes), {@link io.gearpump.net.testing.EchoSessions} (a
 * server whose CONTROL handler decodes with {@code WireCodec} and echoes, and a client for it).
 * Bounded waits are {@link io.gearpump.core.testing.Poll}, from gearpump-core's test jar.
 */
package io.gearpump.net.testing;
