/**
 * What crosses the wire and how: {@link io.gearpump.core.serialization.WireRegistry} (every class
 * with an explicit, append-only id; registration is required, so a peer can never make us
 * instantiate an arbitrary class) and {@link io.gearpump.core.serialization.WireCodec} (one Kryo
 * with its buffers, per thread).
 */
package io.gearpump.core.serialization;
