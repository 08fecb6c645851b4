/**
 * What the cluster's processes say to each other, one file per conversation:
 * {@link io.gearpump.core.cluster.ClientProtocol} (clients and masters),
 * {@link io.gearpump.core.cluster.WorkerProtocol} (workers and masters),
 * {@link io.gearpump.core.cluster.AppMasterProtocol} (AppMasters and masters) and
 * {@link io.gearpump.core.cluster.ExecutorProtocol} (AppMasters and executors). Each side's requests
 * are a sealed family its receiver handles with one exhaustive switch; every request names its reply
 * type ({@link io.gearpump.core.cluster.Request}); states travel as enums; a refusal travels as a
 * {@link io.gearpump.core.cluster.ClusterError} code. All of it is registered for the wire in
 * {@link io.gearpump.core.cluster.ClusterWireTypes}. Also the travelling form of an application
 * ({@link io.gearpump.core.cluster.AppDescription}). Shared by master and worker, which never call
 * each other's code.
 *
 * <p>How an application travels. The description is Kryo, never Java serialization, written by
 * {@link io.gearpump.core.serialization.AppCodec}: its records and the built-in partitioners by
 * registered id ({@link io.gearpump.core.cluster.DescriptionWireTypes} 80-82,
 * {@link io.gearpump.core.serialization.PartitionerWireTypes} 83-88); task classes by name. Two
 * kinds of user code ride along:
 * <ul>
 *   <li>a lambda (a {@code Partitioner} or a {@code groupBy} key function, both {@code Serializable}
 *       types) as its {@code SerializedLambda}: the class that wrote it, the implementation method,
 *       and the captured values. The executor hands these to that class's
 *       {@code $deserializeLambda$}, which javac generates to rebuild only lambdas the class itself
 *       contains. This keeps lambdas, the common case, working as before with nothing to register.</li>
 *   <li>a partitioner class of the application (not a lambda) as its class name and its fields,
 *       written by Kryo's field serializer; it needs no no-argument constructor.</li>
 * </ul>
 * Captured values and fields must be registered wire types or classes of the application. On
 * reading, a class that travels by name must come from the application's jar, as seen through the
 * loader given to {@code fromBytes}: not a JDK class, not a class from one of the engine's jars
 * (the executor's loader sees the engine and the application's jar side by side, so the check is
 * by the jar a class file comes from), and it is judged by name before it is loaded. Anything else
 * is refused with an {@code InvalidApplicationException} naming the class; the client gets the same
 * refusal at submission, because {@code of} and {@code toBytes} decode what they encode before
 * returning.
 */
package io.gearpump.core.cluster;
