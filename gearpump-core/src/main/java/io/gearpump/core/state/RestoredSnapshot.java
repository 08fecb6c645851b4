package io.gearpump.core.state;

import java.util.Map;

/** A task's snapshot read back from a checkpoint: its own snapshot, if it had one, and its managed states by name. */
public record RestoredSnapshot(boolean hasCustom, Object custom, Map<String, StateData> states) {

    public static RestoredSnapshot of(Object custom) {
        return new RestoredSnapshot(true, custom, Map.of());
    }
}
