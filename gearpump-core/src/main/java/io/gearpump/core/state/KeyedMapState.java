package io.gearpump.core.state;

import io.gearpump.core.api.MapState;

import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A map per key, in a {@link CopyOnWriteTable} whose values are the keys' maps; a key's map is
 * copied too on its first write after a snapshot. Every call checks the key's type and group.
 */
final class KeyedMapState<K, V> extends DeclaredState implements MapState<K, V> {

    /** One key's map, writable in the table's version it was made in. */
    private static final class KeyMap extends HashMap<Object, Object> {
        private static final long serialVersionUID = 1L;
        final int version;

        KeyMap(int version, Map<Object, Object> entries) {
            super(entries);
            this.version = version;
        }
    }

    private final OwnedKeys keys;
    private final Class<K> mapKeyType;
    private final Class<V> valueType;
    private final CopyOnWriteTable table = new CopyOnWriteTable();

    KeyedMapState(String name, OwnedKeys keys, Class<K> mapKeyType, Class<V> valueType) {
        super(name, StateKind.KEYED_MAP, List.of(keys.type(), mapKeyType, valueType));
        this.keys = keys;
        this.mapKeyType = mapKeyType;
        this.valueType = valueType;
    }

    private KeyMap current() {
        return (KeyMap) table.get(keys.key(name), keys.serial());
    }

    /** The current key's map to write to, made or copied as needed. */
    private KeyMap writable() {
        Object key = keys.key(name);
        KeyMap m = (KeyMap) table.get(key, keys.serial());
        if (m == null || m.version != table.version()) {
            m = new KeyMap(table.version(), m == null ? Map.of() : m);
            table.put(key, keys.serial(), m);
        }
        return m;
    }

    @Override
    public V get(K mapKey) {
        KeyMap m = current();
        return m == null ? null : valueType.cast(m.get(mapKey));
    }

    @Override
    public void put(K mapKey, V value) {
        if (value == null) {
            remove(mapKey);
        } else {
            writable().put(mapKey, value);
        }
    }

    @Override
    public void remove(K mapKey) {
        KeyMap m = current();
        if (m != null && m.containsKey(mapKey)) {
            KeyMap w = writable();
            w.remove(mapKey);
            if (w.isEmpty()) {
                table.put(keys.key(name), keys.serial(), null);
            }
        }
    }

    @Override
    public boolean contains(K mapKey) {
        KeyMap m = current();
        return m != null && m.containsKey(mapKey);
    }

    @Override
    public int size() {
        KeyMap m = current();
        return m == null ? 0 : m.size();
    }

    @Override
    public Iterable<Map.Entry<K, V>> entries() {
        KeyMap m = current();
        if (m == null) {
            return List.of();
        }
        List<Map.Entry<K, V>> all = new ArrayList<>(m.size());
        for (Map.Entry<Object, Object> e : m.entrySet()) {
            all.add(new AbstractMap.SimpleImmutableEntry<>(mapKeyType.cast(e.getKey()), valueType.cast(e.getValue())));
        }
        return Collections.unmodifiableList(all);
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, null, table.freeze());
    }

    @Override
    @SuppressWarnings("unchecked")
    void restore(StateData data, String owner) {
        List<Object> entries = data.entries();
        for (int i = 0; i < entries.size(); i += 2) {
            Object key = checked(entries.get(i), keys.type(), owner);
            Map<Object, Object> fields = (Map<Object, Object>) entries.get(i + 1);
            fields.forEach((k, v) -> {
                checked(k, mapKeyType, owner);
                checked(v, valueType, owner);
            });
            keys.checkRestored(key, name);
            table.restore(key, new KeyMap(table.version(), fields));
        }
    }
}
