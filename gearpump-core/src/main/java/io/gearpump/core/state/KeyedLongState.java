package io.gearpump.core.state;

import io.gearpump.core.api.LongValueState;

import java.util.List;

/**
 * A long per key of the task's key groups, unboxed in a {@link CopyOnWriteTable}; snapshotted as a
 * keyed value state of {@code Long}. A lookup checks the key's type and group; a set after it for
 * the same message uses the slot it found.
 */
final class KeyedLongState extends DeclaredState implements LongValueState {

    private final OwnedKeys keys;
    private final CopyOnWriteTable table = new CopyOnWriteTable();

    KeyedLongState(String name, OwnedKeys keys) {
        super(name, StateKind.KEYED_VALUE, List.of(keys.type(), Long.class));
        this.keys = keys;
    }

    @Override
    public long get() {
        return table.getLong(keys.key(name), keys.serial(), 0);
    }

    @Override
    public boolean isSet() {
        return table.contains(keys.key(name), keys.serial());
    }

    @Override
    public void set(long value) {
        long serial = keys.serial();
        table.putLong(table.remembersEntry(serial) ? null : keys.key(name), serial, value); // the lookup checked the key
    }

    @Override
    public long add(long delta) {
        return table.addLong(keys.key(name), delta);
    }

    @Override
    public void clear() {
        table.remove(keys.key(name), keys.serial());
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, null, table.freeze());
    }

    @Override
    void restore(StateData data, String owner) {
        restoreKeyed(data, owner, keys, Long.class, (key, value) -> table.restoreLong(key, (Long) value));
    }
}
