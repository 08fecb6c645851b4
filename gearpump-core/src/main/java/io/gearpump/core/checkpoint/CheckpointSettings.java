package io.gearpump.core.checkpoint;

import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.UserConfig;
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
        return new CheckpointSettings(cluster.get(GearConfig.GUARANTEE, app), cluster.get(GearConfig.CHECKPOINT_INTERVAL_MS, app),
                cluster.get(GearConfig.CHECKPOINT_TIMEOUT_MS, app), cluster.get(GearConfig.CHECKPOINT_RETAINED, app),
                Path.of(cluster.get(GearConfig.CHECKPOINT_DIR, app)));
    }

    /** Whether the application takes checkpoints at all. */
    public boolean enabled() {
        return guarantee != Guarantee.NONE;
    }
}
