/**
 * The protocol on top of framed connections: every payload starts with a {@link
 * io.gearpump.net.protocol.FrameKind}; a {@link io.gearpump.net.protocol.Session} runs the
 * handshake and then dispatches frames by kind (control, data, credit).
 */
package io.gearpump.net.protocol;
