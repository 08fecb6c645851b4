package io.gearpump.core.checkpoint;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.InvalidApplicationException;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.ConfigException;
import io.gearpump.core.config.ConfigKey;
import io.gearpump.core.config.GearConfig;

import java.nio.file.Path;

/**
 * An application's checkpointing: its guarantee, how often and for how long a checkpoint may run,
 * how many completed ones are kept and where they are written. An application's own config
 * ({@code gearpump.app.guarantee}, {@code gearpump.checkpoint.*}, e.g. from
 * {@link io.gearpump.core.api.Application#withGuarantee}) overrides the cluster's.
 */
public record CheckpointSettings(Guarantee guarantee, long intervalMillis, long timeoutMillis, int retained, Path dir) {

    public static final CheckpointSettings NONE = new CheckpointSettings(Guarantee.NONE, 1000, 60_000, 2, Path.of("checkpoints"));

    /** The application's settings over the cluster's; an invalid one fails the application naming the key and value. */
    public static CheckpointSettings of(GearConfig cluster, UserConfig app) {
        return new CheckpointSettings(get(GearConfig.GUARANTEE, cluster, app), get(GearConfig.CHECKPOINT_INTERVAL_MS, cluster, app),
                get(GearConfig.CHECKPOINT_TIMEOUT_MS, cluster, app), get(GearConfig.CHECKPOINT_RETAINED, cluster, app),
                Path.of(get(GearConfig.CHECKPOINT_DIR, cluster, app)));
    }

    /** Whether the application takes checkpoints at all. */
    public boolean enabled() {
        return guarantee != Guarantee.NONE;
    }

    private static <T> T get(ConfigKey<T> key, GearConfig cluster, UserConfig app) {
        try {
            return app.getString(key.name()).map(key::parse).orElseGet(() -> cluster.get(key));
        } catch (ConfigException e) {
            throw new InvalidApplicationException("the application's " + e.getMessage());
        }
    }
}
