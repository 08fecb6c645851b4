package io.gearpump.core.state;

import io.gearpump.core.api.ValueState;

import java.util.HashMap;
import java.util.List;

/**
 * A value per key, in copy-on-write segments, one per key group the task owns. The cell of the key
 * last looked up is remembered, so the usual get-then-set of one message looks the key up once.
 */
final class KeyedValueState<T> extends DeclaredState implements ValueState<T> {

    private final OwnedKeys keys;
    private final Class<T> type;
    private final Segments segments;
    // the last key looked up (by identity), its segment and cell (null: absent), valid in epoch lastEpoch
    private Object lastKey;
    private int lastSegment;
    private ValueCell lastCell;
    private int lastEpoch;

    KeyedValueState(String name, OwnedKeys keys, Class<T> type) {
        super(name, StateKind.KEYED_VALUE, List.of(keys.type(), type));
        this.keys = keys;
        this.type = type;
        this.segments = new Segments(keys.groups());
    }

    @Override
    public T get() {
        ValueCell cell = cell(keys.key());
        return cell == null ? null : type.cast(cell.value);
    }

    @Override
    public void set(T value) {
        Object key = keys.key();
        ValueCell cell = cell(key);
        if (value == null) {
            if (cell != null) {
                segments.write(lastSegment).remove(key);
                lastCell = null;
            }
        } else if (cell != null && cell.epoch == segments.epoch()) {
            cell.value = value; // in no snapshot: change it in place
        } else {
            lastCell = new ValueCell(segments.epoch(), value);
            segments.write(lastSegment).put(key, lastCell);
        }
    }

    /** The cell of {@code key} (null when it has no value), remembered for the next call. */
    private ValueCell cell(Object key) {
        if (key != lastKey || lastEpoch != segments.epoch()) {
            lastSegment = keys.segment(name);
            HashMap<Object, Object> m = segments.read(lastSegment);
            lastCell = m == null ? null : (ValueCell) m.get(key);
            lastKey = key;
            lastEpoch = segments.epoch();
        }
        return lastCell;
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
        lastKey = null;
    }
}
