package io.gearpump.core.state;

import java.util.List;
import java.util.function.BiConsumer;

/** A state a task declared: its name, kind and types, how it freezes for a checkpoint and takes back a restored one. */
abstract class DeclaredState {

    final String name;
    final StateKind kind;
    final List<Class<?>> types; // as declared: key type first for keyed state

    DeclaredState(String name, StateKind kind, List<Class<?>> types) {
        this.name = name;
        this.kind = kind;
        this.types = types;
    }

    abstract FrozenState freeze();

    /** Takes {@code data} back after a restart; throws, naming the state, when it does not fit the declaration. */
    abstract void restore(StateData data, String owner);

    /** {@code value} as the declared {@code type}, or an error naming the state, for what a checkpoint gave back. */
    final Object checked(Object value, Class<?> type, String owner) {
        if (value != null && !type.isInstance(value)) {
            throw new IllegalStateException(owner + ": " + kind.describe() + " '" + name + "' holds a " + value.getClass().getName()
                    + " in the checkpoint, but the task declares " + type.getName() + ": was the application changed?");
        }
        return value;
    }

    /** Each key and value of keyed {@code data}, checked against the declared types and the task's key groups, to {@code put}. */
    final void restoreKeyed(StateData data, String owner, OwnedKeys keys, Class<?> valueType, BiConsumer<Object, Object> put) {
        List<Object> entries = data.entries();
        for (int i = 0; i < entries.size(); i += 2) {
            Object key = checked(entries.get(i), keys.type(), owner);
            Object value = checked(entries.get(i + 1), valueType, owner);
            keys.checkRestored(key, name);
            put.accept(key, value);
        }
    }
}
