package io.gearpump.core.state;

import io.gearpump.core.api.ValueState;

import java.util.HashMap;
import java.util.List;

/** A value per key, in copy-on-write segments, one per key group the task owns. */
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
        HashMap<Object, Object> m = segments.read(keys.segment(name));
        return m == null ? null : type.cast(m.get(keys.key()));
    }

    @Override
    public void set(T value) {
        int s = keys.segment(name);
        if (value != null) {
            segments.write(s).put(keys.key(), value);
        } else if (segments.read(s) != null && segments.read(s).containsKey(keys.key())) {
            segments.write(s).remove(keys.key());
        }
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
            segments.write(keys.restoredSegment(key, name)).put(key, checked(entries.get(i + 1), type, owner));
        }
    }
}
