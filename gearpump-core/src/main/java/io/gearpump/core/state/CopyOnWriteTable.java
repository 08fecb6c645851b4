package io.gearpump.core.state;

import java.util.function.BiConsumer;

/**
 * Keyed values in one open-addressing table (linear probing) whose snapshot is the table itself:
 * {@link #freeze} hands the array over as it is and bumps the version; the first change after it
 * copies the array (a copy of references, not a rehash), and an entry of an older version, which a
 * snapshot may hold, is replaced rather than changed. So a checkpoint costs the task one array copy,
 * and a key changed many times between two checkpoints is copied once. Task thread only; a frozen
 * array and the entries in it never change again, so any thread may read them.
 *
 * <p>A lookup leaves its slot behind (ints only: with G1 a reference kept in this long-lived object
 * costs a fence) so that the usual get-then-set of one message finds the key once.
 */
final class CopyOnWriteTable {

    private static final int MIN_CAPACITY = 16;

    /** A key and its value; the value changes in place only in the version the entry was made in. */
    private abstract static class Entry {
        final Object key;
        final int hash;
        final int version;

        Entry(Object key, int hash, int version) {
            this.key = key;
            this.hash = hash;
            this.version = version;
        }

        abstract Object boxed();
    }

    private static final class ObjectEntry extends Entry {
        Object value;

        ObjectEntry(Object key, int hash, int version, Object value) {
            super(key, hash, version);
            this.value = value;
        }

        @Override
        Object boxed() {
            return value;
        }
    }

    /** A long kept unboxed: an update stores no reference (with G1, one into an old entry costs a fence) and allocates nothing. */
    private static final class LongEntry extends Entry {
        long value;

        LongEntry(Object key, int hash, int version, long value) {
            super(key, hash, version);
            this.value = value;
        }

        @Override
        Object boxed() {
            return value;
        }
    }

    private Entry[] table = new Entry[MIN_CAPACITY];
    private boolean shared; // a snapshot holds the array: copy it before changing it
    private int size;
    private int version = 1;
    private int layout; // changes whenever entries move to other slots
    private boolean remembered; // a lookup's slot, for the message and the layout it was made in
    private int lastSlot; // its entry, or -1 - the free slot for the key
    private long lastSerial;
    private int lastLayout;

    /** The value of {@code key}, null when it has none; {@code serial} names the message asking. */
    Object get(Object key, long serial) {
        int slot = find(key);
        remember(slot, serial);
        return slot >= 0 ? ((ObjectEntry) table[slot]).value : null;
    }

    /** Whether {@code key} has a value. */
    boolean contains(Object key, long serial) {
        int slot = find(key);
        remember(slot, serial);
        return slot >= 0;
    }

    /** The long value of {@code key}, {@code absent} when it has none (a table of {@link #putLong} values). */
    long getLong(Object key, long serial, long absent) {
        int slot = find(key);
        remember(slot, serial);
        return slot >= 0 ? ((LongEntry) table[slot]).value : absent;
    }

    /** Whether message {@code serial} looked up a key that has a value: a {@link #put} for it needs no key then. */
    boolean remembersEntry(long serial) {
        return remembered && serial == lastSerial && layout == lastLayout && lastSlot >= 0;
    }

    /**
     * Sets the value of {@code key} (null removes it); a lookup for the same message is not repeated
     * (then {@code key} may be null where {@link #remembersEntry} said so).
     */
    void put(Object key, long serial, Object value) {
        int slot = slotFor(key, serial);
        if (value == null) {
            if (slot >= 0) {
                writable();
                removeAt(slot);
            }
        } else if (slot >= 0 && table[slot].version == version) {
            ((ObjectEntry) table[slot]).value = value; // in no snapshot: change it in place
        } else if (slot >= 0) {
            replaceAt(slot, new ObjectEntry(table[slot].key, table[slot].hash, version, value));
        } else {
            insertAt(-1 - slot, new ObjectEntry(key, key.hashCode(), version, value));
        }
    }

    /** As {@link #put} for a long value, kept unboxed. */
    void putLong(Object key, long serial, long value) {
        putLongAt(slotFor(key, serial), key, value);
    }

    /** Adds {@code delta} to the long value of {@code key} (none: 0) and returns the sum; one lookup. */
    long addLong(Object key, long delta) {
        int slot = find(key);
        remembered = false;
        if (slot >= 0 && table[slot].version == version) {
            return ((LongEntry) table[slot]).value += delta;
        }
        long sum = (slot >= 0 ? ((LongEntry) table[slot]).value : 0) + delta;
        putLongAt(slot, key, sum);
        return sum;
    }

    /** Sets the long at {@code slot} (a found entry, or -1 - the free slot for {@code key}): in place if no snapshot holds it. */
    private void putLongAt(int slot, Object key, long value) {
        if (slot >= 0 && table[slot].version == version) {
            ((LongEntry) table[slot]).value = value;
        } else if (slot >= 0) {
            replaceAt(slot, new LongEntry(table[slot].key, table[slot].hash, version, value));
        } else {
            insertAt(-1 - slot, new LongEntry(key, key.hashCode(), version, value));
        }
    }

    /** Removes the value of {@code key}, if it has one. */
    void remove(Object key, long serial) {
        int slot = slotFor(key, serial);
        if (slot >= 0) {
            writable();
            removeAt(slot);
        }
    }

    /** The slot the lookup of message {@code serial} found, else a new lookup of {@code key}; forgets it. */
    private int slotFor(Object key, long serial) {
        int slot = remembered && serial == lastSerial && layout == lastLayout ? lastSlot : find(key);
        remembered = false;
        return slot;
    }

    /** The entry at {@code slot} is in a snapshot: a new one of this version takes its place. */
    private void replaceAt(int slot, Entry e) {
        writable();
        table[slot] = e;
    }

    private void insertAt(int free, Entry e) {
        writable();
        table[free] = e;
        if (++size > table.length * 3 / 4) {
            resize(table.length * 2);
        }
    }

    /** The version changes now belong to; what was made in an earlier one may be in a snapshot. */
    int version() {
        return version;
    }

    /** Adds an entry a checkpoint gave back. */
    void restore(Object key, Object value) {
        remembered = false;
        put(key, 0, value);
    }

    /** Adds a long entry a checkpoint gave back. */
    void restoreLong(Object key, long value) {
        remembered = false;
        putLong(key, 0, value);
    }

    /** The entries as they are, never to change: later changes go to copies. */
    FrozenEntries freeze() {
        shared = true;
        version++;
        return new Frozen(table, size);
    }

    /** A snapshot of the table: its entries in no particular order. */
    private record Frozen(Entry[] table, int size) implements FrozenEntries {

        @Override
        public int count() {
            return size;
        }

        @Override
        public void forEach(BiConsumer<Object, Object> action) {
            for (Entry e : table) {
                if (e != null) {
                    action.accept(e.key, e.boxed());
                }
            }
        }
    }

    private void remember(int slot, long serial) {
        remembered = true;
        lastSlot = slot;
        lastSerial = serial;
        lastLayout = layout;
    }

    /** The slot of {@code key}, or -1 - the free slot where it would go. */
    private int find(Object key) {
        int hash = key.hashCode();
        Entry[] t = table;
        int mask = t.length - 1;
        for (int i = spread(hash) & mask; ; i = (i + 1) & mask) {
            Entry e = t[i];
            if (e == null) {
                return -1 - i;
            }
            if (e.hash == hash && (e.key == key || e.key.equals(key))) {
                return i;
            }
        }
    }

    private void writable() {
        if (shared) {
            table = table.clone(); // same slots: a remembered slot stays right
            shared = false;
        }
    }

    /** Removes the entry at {@code slot}, moving later entries of its run back so that lookups still find them. */
    private void removeAt(int slot) {
        Entry[] t = table;
        int mask = t.length - 1;
        int hole = slot;
        for (int i = (slot + 1) & mask; t[i] != null; i = (i + 1) & mask) {
            int home = spread(t[i].hash) & mask;
            if (((i - home) & mask) >= ((i - hole) & mask)) { // its home is at or before the hole: it may fill it
                t[hole] = t[i];
                hole = i;
            }
        }
        t[hole] = null;
        size--;
        layout++;
    }

    private void resize(int capacity) {
        Entry[] old = table;
        Entry[] t = new Entry[capacity];
        int mask = capacity - 1;
        for (Entry e : old) {
            if (e != null) {
                int i = spread(e.hash) & mask;
                while (t[i] != null) {
                    i = (i + 1) & mask;
                }
                t[i] = e;
            }
        }
        table = t;
        shared = false;
        layout++;
    }

    /** Fibonacci hashing: the high bits of the product, so that keys with close hashes spread. */
    private static int spread(int hash) {
        int h = hash * 0x9E3779B9;
        return h ^ (h >>> 16);
    }
}
