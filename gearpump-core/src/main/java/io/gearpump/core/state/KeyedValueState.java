package io.gearpump.core.state;

import io.gearpump.core.api.ValueState;

import java.util.HashMap;
import java.util.List;

/**
 * A value per key, in copy-on-write segments, one per key group the task owns. The usual
 * get-then-set of one message looks the key up twice rather than remembering the cell between the
 * two calls: with G1, keeping a reference in this long-lived object costs a memory fence per
 * message, more than the second lookup of a key whose entry is in the cache.
 */
final class KeyedValueState<T> extends DeclaredState implements ValueState<T> {

    private final OwnedKeys keys;
    private final Class<T> type;
    private final Segments segments;

    KeyedValueState(String name, OwnedKeys keys, Class<T> type) {
        super(name, StateKind.KEYED_VALUE, List.of(keys.type(), type));
        this.keys = keys;
        this.type = type;
        this.segments = new Segments(keys.groups());
    }

    @Override
    public T get() {
        Object key = keys.key();
        ValueCell cell = cell(key, keys.segment(key, name));
        return cell == null ? null : type.cast(cell.value);
    }

    @Override
    public void set(T value) {
        Object key = keys.key();
        int segment = keys.segment(key, name);
        ValueCell cell = cell(key, segment);
        if (value == null) {
            if (cell != null) {
                segments.write(segment).remove(key);
            }
        } else if (cell != null && cell.epoch == segments.epoch()) {
            cell.value = value; // in no snapshot: change it in place
        } else {
            segments.write(segment).put(key, new ValueCell(segments.epoch(), value));
        }
    }

    /** The cell of {@code key} in {@code segment}; null when it has no value. */
    private ValueCell cell(Object key, int segment) {
        HashMap<Object, Object> m = segments.read(segment);
        return m == null ? null : (ValueCell) m.get(key);
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, null, keys.first(), segments.freeze());
    }

    @Override
    void restore(StateData data, String owner) {
        List<Object> entries = data.entries();
        for (int i = 0; i < entries.size(); i += 2) {
            Object key = checked(entries.get(i), keys.type(), owner);
            Object value = checked(entries.get(i + 1), type, owner);
            segments.write(keys.restoredSegment(key, name)).put(key, new ValueCell(segments.epoch(), value));
        }
    }
}
