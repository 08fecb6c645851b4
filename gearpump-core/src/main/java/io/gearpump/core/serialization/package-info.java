/**
 * What crosses the wire and how: {@link io.gearpump.core.serialization.WireRegistry} (every class
 * with an explicit, append-only id; registration is required, so a peer can never make us
 * instantiate an arbitrary class) and {@link io.gearpump.core.serialization.WireCodec} (one Kryo
 * with its buffers, per thread). What travels with an application's code (its description and
 * partitioners) goes through {@link io.gearpump.core.serialization.AppCodec} instead, which
 * admits, besides the registered classes, the application's own classes by name and serializable
 * lambdas; {@link io.gearpump.core.serialization.PartitionerCodec} gives each sending task its copy
 * of a partitioner that way.
 */
package io.gearpump.core.serialization;
