/**
 * Task-to-task streams between JVMs: one connection per pair of executors, every stream multiplexed
 * over it with credit-based flow control ({@code StreamCredit}): a receiver grants credit for room
 * in the target task's inbox, a sender sends only against credit, so a slow task never blocks the
 * connection or other streams. Messages are serialized by the sending task and deserialized by the
 * receiving task; the event loops only move bytes. Watermarks and end of stream travel in the DATA
 * frames. {@link io.gearpump.net.stream.StreamHub} is a JVM's end of it all.
 */
package io.gearpump.net.stream;
