package io.gearpump.core.state;

/**
 * What a task gives a checkpoint: its own snapshot when it has one ({@code custom}, from
 * {@link io.gearpump.core.api.Checkpointed#snapshotState} or a sink's pre-commit; {@code hasCustom}
 * tells a null snapshot from none) and its managed state.
 */
public record TaskSnapshot(boolean hasCustom, Object custom, StateSnapshot managed) {

    public static TaskSnapshot of(Object custom) {
        return new TaskSnapshot(true, custom, StateSnapshot.EMPTY);
    }
}
