package io.gearpump.core.state;

import java.util.List;

/** Every managed state of one task at one checkpoint, frozen; encoded by {@link SnapshotFormat}. */
public record StateSnapshot(List<FrozenState> states) {

    public static final StateSnapshot EMPTY = new StateSnapshot(List.of());
}
