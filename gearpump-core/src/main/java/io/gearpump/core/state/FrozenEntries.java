package io.gearpump.core.state;

import java.util.HashMap;
import java.util.function.BiConsumer;

/** The entries of a map or keyed state as a checkpoint took them: they never change afterwards. */
interface FrozenEntries {

    int count();

    /** Every entry, key and value, in no particular order. */
    void forEach(BiConsumer<Object, Object> action);

    /** Entries kept in segments (null: an empty one). */
    static FrozenEntries of(HashMap<Object, Object>[] segments) {
        return new FrozenEntries() {
            @Override
            public int count() {
                int count = 0;
                for (HashMap<Object, Object> segment : segments) {
                    count += segment == null ? 0 : segment.size();
                }
                return count;
            }

            @Override
            public void forEach(BiConsumer<Object, Object> action) {
                for (HashMap<Object, Object> segment : segments) {
                    if (segment != null) {
                        segment.forEach(action);
                    }
                }
            }
        };
    }
}
