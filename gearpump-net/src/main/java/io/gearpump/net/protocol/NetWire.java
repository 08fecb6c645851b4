package io.gearpump.net.protocol;

import io.gearpump.core.cluster.ClusterWireTypes;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.auth.AuthWireTypes;
import io.gearpump.net.rpc.RpcWireTypes;

/**
 * The wire registry a JVM of the cluster uses: core's and net's own types, then the user types of
 * the configuration ({@code gearpump.serializers.<class> = <serializer or empty>}), loaded with
 * {@code loader}. Every JVM with the same configuration gets the same ids.
 */
public final class NetWire {

    private NetWire() {
    }

    public static WireRegistry.Builder builder(GearConfig config, ClassLoader loader) {
        return WireRegistry.builder()
                .register(RpcWireTypes.ENTRIES)
                .register(AuthWireTypes.ENTRIES)
                .register(ClusterWireTypes.ENTRIES)
                .registerFromConfig(config.withPrefix(WireRegistry.CONFIG_PREFIX), loader);
    }

    public static WireRegistry registry(GearConfig config, ClassLoader loader) {
        return builder(config, loader).build();
    }
}
