/**
 * Requests and responses for control traffic (client to master, worker to master, AppMaster to
 * executors), heartbeats with failure detection, and a client that reconnects with backoff.
 *
 * <p>{@link io.gearpump.net.rpc.RpcEndpoint} is the layer on one connection, both ways: it is the
 * {@link io.gearpump.net.protocol.Session}'s handler for CONTROL frames, each carrying one Kryo
 * object: a request or a response with its correlation id, an error with a typed
 * {@link io.gearpump.net.rpc.RpcErrorCode}, or a ping or pong ({@link io.gearpump.net.rpc.RpcWireTypes},
 * wire ids 100-104 of the 100-139 reserved here). {@link io.gearpump.net.rpc.RpcServer} serves
 * accepted connections, {@link io.gearpump.net.rpc.RpcClient} keeps one connection to one address.
 *
 * <p>Behaviour a caller can rely on:
 * <ul>
 * <li>A request's future ends exactly once, off the event loop: with the response body, or with a
 *     {@link io.gearpump.net.rpc.RemoteException} (the peer's handler threw: its class and message),
 *     a {@link io.gearpump.net.rpc.RequestTimeoutException} (request type and timeout), a
 *     {@link io.gearpump.net.rpc.ConnectionLostException} (peer and close reason; every pending
 *     request fails at once when the connection closes) or a
 *     {@link io.gearpump.net.rpc.NotConnectedException}. A body of an unregistered class is refused
 *     by {@code request} itself with {@link io.gearpump.core.serialization.UnregisteredTypeException};
 *     nothing is sent. Requests are never resent: after a lost connection the peer may or may not
 *     have processed one.</li>
 * <li>Request handlers run on a virtual thread per request, never on an event loop; a handler may
 *     block or answer later through a {@code CompletionStage}. A failing handler, or an answer that
 *     cannot be encoded, is answered with an error; the connection keeps serving.</li>
 * <li>Each side pings every {@code gearpump.net.heartbeat.interval.ms} (and once at the start) and
 *     answers pings with pongs. Any bytes from the peer count as life, so a busy data connection
 *     needs no pongs to stay up. After {@code gearpump.net.heartbeat.timeout.ms} of silence (seen
 *     within a quarter of the timeout after it) the connection is closed with the reason
 *     {@code no heartbeat for N ms}.</li>
 * <li>A control frame that does not decode, or decodes to something that is not an RPC message,
 *     closes that connection only, with the reason logged.</li>
 * <li>{@link io.gearpump.net.rpc.RpcClient} fails requests fast while disconnected (it does not queue
 *     them) and re-dials with exponential backoff and jitter; {@code awaitConnected} waits for a
 *     connection. Its backoff starts over once a connection has carried anything from the peer.</li>
 * </ul>
 */
package io.gearpump.net.rpc;
