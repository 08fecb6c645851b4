package io.gearpump.core.state;

import io.gearpump.core.api.ValueState;

import java.util.List;

/** One value per task. The value is immutable by contract, so a snapshot takes the reference. */
final class TaskValueState<T> extends DeclaredState implements ValueState<T> {

    private final Class<T> type;
    private T value;

    TaskValueState(String name, Class<T> type) {
        super(name, StateKind.VALUE, List.of(type));
        this.type = type;
    }

    @Override
    public T get() {
        return value;
    }

    @Override
    public void set(T value) {
        this.value = value;
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, value, null);
    }

    @Override
    void restore(StateData data, String owner) {
        value = type.cast(checked(data.value(), type, owner));
    }
}
