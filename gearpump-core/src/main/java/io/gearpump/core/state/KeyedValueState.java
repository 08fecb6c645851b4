package io.gearpump.core.state;

import io.gearpump.core.api.ValueState;

import java.util.List;

/**
 * A value per key of the task's key groups, in a {@link CopyOnWriteTable}: a checkpoint takes the
 * table as it is and the task goes on writing to a copy. A lookup checks the key's type and group; a
 * set after it for the same message uses the slot it found.
 */
final class KeyedValueState<T> extends DeclaredState implements ValueState<T> {

    private final OwnedKeys keys;
    private final Class<T> type;
    private final CopyOnWriteTable table = new CopyOnWriteTable();

    KeyedValueState(String name, OwnedKeys keys, Class<T> type) {
        super(name, StateKind.KEYED_VALUE, List.of(keys.type(), type));
        this.keys = keys;
        this.type = type;
    }

    @Override
    public T get() {
        return type.cast(table.get(keys.key(name), keys.serial()));
    }

    @Override
    public void set(T value) {
        long serial = keys.serial();
        table.put(table.remembersEntry(serial) ? null : keys.key(name), serial, value); // the lookup checked the key
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, null, table.freeze());
    }

    @Override
    void restore(StateData data, String owner) {
        restoreKeyed(data, owner, keys, type, table::restore);
    }
}
