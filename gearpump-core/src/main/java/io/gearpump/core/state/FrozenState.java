package io.gearpump.core.state;

import java.util.HashMap;

/**
 * One declared state as a checkpoint took it: a value state's value, or the entries of a map or a
 * keyed state. Nothing here changes afterwards, so it may be encoded on another thread while the
 * task goes on.
 */
record FrozenState(String name, StateKind kind, Object value, FrozenEntries entries) {

    /** A restored state not declared since, as it came from the checkpoint (in one segment). */
    @SuppressWarnings("unchecked")
    static FrozenState asRestored(String name, StateData data) {
        if (data.kind() == StateKind.VALUE) {
            return new FrozenState(name, data.kind(), data.value(), null);
        }
        HashMap<Object, Object> entries = new HashMap<>();
        for (int i = 0; i < data.entries().size(); i += 2) {
            entries.put(data.entries().get(i), data.entries().get(i + 1));
        }
        return new FrozenState(name, data.kind(), null, FrozenEntries.of(new HashMap[] {entries}));
    }
}
