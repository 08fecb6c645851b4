package io.gearpump.core.api;

import java.util.Map;

/**
 * A map a task keeps through failures, snapshotted at every checkpoint. Declared through
 * {@link TaskContext#mapState} (one map per task) or {@link TaskContext#keyedMapState} (one map per
 * key of the message being handled). Values are not copied: put a new value rather than changing one
 * in place, since a checkpoint may be writing it out at the time.
 *
 * @param <K> a registered wire type with a stable {@code hashCode} and {@code equals}
 * @param <V> a registered wire type
 */
public interface MapState<K, V> {

    /** The value of {@code key}, or null. */
    V get(K key);

    /** Sets {@code key}'s value; a null value removes the key. */
    void put(K key, V value);

    void remove(K key);

    boolean contains(K key);

    int size();

    /** The entries, to read while nothing changes this map. */
    Iterable<Map.Entry<K, V>> entries();
}
