/**
 * gearpump-net (next issue): the NIO event loop, length-prefixed Kryo framing, credit-based flow
 * control per task stream, the request/response layer and the client used by {@code bin/gear}.
 * Depends on gearpump-core only.
 */
package io.gearpump.net;
