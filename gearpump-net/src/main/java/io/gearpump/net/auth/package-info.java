/**
 * Authentication of connections with the cluster secret ({@code gearpump.cluster.secret}).
 *
 * <p>{@link io.gearpump.net.auth.Handshakes} picks the handshake from configuration: none when no
 * secret is set ({@link io.gearpump.net.protocol.Session#NO_HANDSHAKE}), otherwise a new
 * {@link io.gearpump.net.auth.HmacHandshake} per connection. The HMAC-SHA256 handshake is mutual
 * and takes three AUTH frames:
 *
 * <pre>
 *   server -> client  Challenge(serverNonce)
 *   client -> server  ClientProof(clientNonce, HMAC(secret, "client" label | serverNonce | clientNonce))
 *   server -> client  ServerProof(HMAC(secret, "server" label | serverNonce | clientNonce))
 * </pre>
 *
 * Nonces are 32 fresh bytes from the injected random (a {@code SecureRandom} in production). Each
 * proof binds both nonces, so an old proof never matches a new handshake, and its direction, so a
 * proof cannot be reflected back at the side that made it; MACs are compared in constant time. The
 * server proves nothing to a peer that has not proven itself first. Until a side has verified its
 * peer it accepts AUTH frames only, of at most {@value io.gearpump.net.auth.HmacHandshake#PRE_AUTH_MAX_FRAME_BYTES}
 * bytes; a handshake that fails, or does not finish within its timeout, closes the connection
 * with the reason logged. A secret on one side only shows at the first exchange, as no side with a
 * secret sends anything before its handshake frames: a client with a secret that gets another frame
 * where the challenge should be, or a server that gets one where the proof should be, refuses it
 * and names the missing secret; a side without a secret refuses a handshake frame the same way
 * ({@link io.gearpump.net.protocol.Session#NO_HANDSHAKE}). Listeners hear these as authentication
 * failures ({@link io.gearpump.net.protocol.Session.Listener#onAuthenticationFailed}), so a client
 * stops looking for a master instead of retrying what cannot work. Nothing here is secret-keeping transport security: there is no
 * encryption, and a relay between two honest peers is not detected (use a private network or a
 * tunnel for that).
 *
 * <p>Handshake records are Kryo-encoded with wire ids 140-149 ({@link io.gearpump.net.auth.AuthWireTypes}).
 */
package io.gearpump.net.auth;
