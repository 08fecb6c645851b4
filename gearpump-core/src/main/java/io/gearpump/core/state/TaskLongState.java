package io.gearpump.core.state;

import io.gearpump.core.api.LongValueState;

import java.util.List;

/** One long per task, unboxed; snapshotted as a value state of {@code Long}. */
final class TaskLongState extends DeclaredState implements LongValueState {

    private boolean set;
    private long value;

    TaskLongState(String name) {
        super(name, StateKind.VALUE, List.of(Long.class));
    }

    @Override
    public long get() {
        return value;
    }

    @Override
    public boolean isSet() {
        return set;
    }

    @Override
    public void set(long value) {
        this.value = value;
        set = true;
    }

    @Override
    public void clear() {
        value = 0;
        set = false;
    }

    @Override
    FrozenState freeze() {
        return new FrozenState(name, kind, set ? value : null, null);
    }

    @Override
    void restore(StateData data, String owner) {
        Object restored = checked(data.value(), Long.class, owner);
        if (restored == null) {
            clear();
        } else {
            set((Long) restored);
        }
    }
}
