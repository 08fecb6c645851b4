package io.gearpump.core.state;

import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.MapState;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** One map per task, in copy-on-write segments by the hash of the map's key. */
final class TaskMapState<K, V> extends DeclaredState implements MapState<K, V> {

    private static final int SEGMENTS = 64;

    private final Class<K> keyType;
    private final Class<V> valueType;
    private final Segments segments = new Segments(SEGMENTS);
    private int size;

    TaskMapState(String name, Class<K> keyType, Class<V> valueType) {
        super(name, StateKind.MAP, List.of(keyType, valueType));
        this.keyType = keyType;
        this.valueType = valueType;
    }

    private static int segmentOf(Object key) {
        return KeyGroups.of(key) % SEGMENTS;
    }

    @Override
    @SuppressWarnings("unchecked")
    public V get(K key) {
        HashMap<Object, Object> m = segments.read(segmentOf(key));
        return m == null ? null : (V) m.get(key);
    }

    @Override
    public void put(K key, V value) {
        if (value == null) {
            remove(key);
            return;
        }
        if (segments.write(segmentOf(key)).put(key, value) == null) {
            size++;
        }
    }

    @Override
    public void remove(K key) {
        int s = segmentOf(key);
        HashMap<Object, Object> m = segments.read(s);
        if (m != null && m.containsKey(key)) {
            segments.write(s).remove(key);
            size--;
        }
    }

    @Override
    public boolean contains(K key) {
        HashMap<Object, Object> m = segments.read(segmentOf(key));
        return m != null && m.containsKey(key);
    }

    @Override
    public int size() {
        return size;
    }

    @Override
    @SuppressWarnings("unchecked")
    public Iterable<Map.Entry<K, V>> entries() {
        List<Map.Entry<K, V>> all = new ArrayList<>(size);
        for (int i = 0; i < segments.count(); i++) {
            HashMap<Object, Object> m = segments.read(i);
            if (m != null) {
                for (Map.Entry<Object, Object> e : m.entrySet()) {
                    all.add(new AbstractMap.SimpleImmutableEntry<>((K) e.getKey(), (V) e.getValue()));
                }
            }
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, null, FrozenEntries.of(segments.freeze()));
    }

    @Override
    @SuppressWarnings("unchecked")
    void restore(StateData data, String owner) {
        List<Object> entries = data.entries();
        for (int i = 0; i < entries.size(); i += 2) {
            put((K) checked(entries.get(i), keyType, owner), (V) checked(entries.get(i + 1), valueType, owner));
        }
    }
}
