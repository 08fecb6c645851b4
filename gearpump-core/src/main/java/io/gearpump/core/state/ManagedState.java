package io.gearpump.core.state;

import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.LongValueState;
import io.gearpump.core.api.MapState;
import io.gearpump.core.api.ValueState;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * The state one task declares through its context: each declaration is checked (a unique name, the
 * same kind and types when declared again, registered wire types) and, at a restart, filled with
 * what the last completed checkpoint held under that name. Task thread only; a snapshot's frozen
 * segments may then be read anywhere.
 */
public final class ManagedState {

    private final String owner;
    private final CurrentKey currentKey;
    private final int firstGroup;
    private final int endGroup;
    private final Predicate<Class<?>> registered;
    private final Map<String, StateData> restored;
    private final Map<String, DeclaredState> declared = new LinkedHashMap<>();

    /**
     * @param owner the task, as errors name it
     * @param index the task's index among its processor's {@code parallelism} tasks: which key groups it owns
     * @param registered whether a class is a registered wire type, so a snapshot can encode it
     * @param restored the states of the checkpoint the task restarts from, by name (empty at a first start)
     */
    public ManagedState(String owner, int index, int parallelism, CurrentKey currentKey, Predicate<Class<?>> registered,
                        Map<String, StateData> restored) {
        this.owner = owner;
        this.currentKey = currentKey;
        this.firstGroup = KeyGroups.firstOf(index, parallelism);
        this.endGroup = KeyGroups.endOf(index, parallelism);
        this.registered = registered;
        this.restored = new HashMap<>(restored);
    }

    public <T> ValueState<T> value(String name, Class<T> declaredType) {
        Class<T> type = boxed(declaredType);
        return declare(name, StateKind.VALUE, List.of(type), TaskValueState.class, () -> new TaskValueState<>(name, type));
    }

    public LongValueState longValue(String name) {
        return declare(name, StateKind.VALUE, List.of(Long.class), TaskLongState.class, () -> new TaskLongState(name));
    }

    public <K, V> MapState<K, V> map(String name, Class<K> declaredKeyType, Class<V> declaredValueType) {
        Class<K> keyType = boxed(declaredKeyType);
        Class<V> valueType = boxed(declaredValueType);
        return declare(name, StateKind.MAP, List.of(keyType, valueType), TaskMapState.class,
                () -> new TaskMapState<>(name, keyType, valueType));
    }

    public <T> ValueState<T> keyedValue(String name, Class<?> declaredKeyType, Class<T> declaredType) {
        Class<?> keyType = boxed(declaredKeyType);
        Class<T> type = boxed(declaredType);
        return declare(name, StateKind.KEYED_VALUE, List.of(keyType, type), KeyedValueState.class,
                () -> new KeyedValueState<>(name, ownedKeys(keyType), type));
    }

    public LongValueState keyedLong(String name, Class<?> declaredKeyType) {
        Class<?> keyType = boxed(declaredKeyType);
        return declare(name, StateKind.KEYED_VALUE, List.of(keyType, Long.class), KeyedLongState.class,
                () -> new KeyedLongState(name, ownedKeys(keyType)));
    }

    public <K, V> MapState<K, V> keyedMap(String name, Class<?> declaredKeyType, Class<K> declaredMapKeyType,
                                          Class<V> declaredValueType) {
        Class<?> keyType = boxed(declaredKeyType);
        Class<K> mapKeyType = boxed(declaredMapKeyType);
        Class<V> valueType = boxed(declaredValueType);
        return declare(name, StateKind.KEYED_MAP, List.of(keyType, mapKeyType, valueType), KeyedMapState.class,
                () -> new KeyedMapState<>(name, ownedKeys(keyType), mapKeyType, valueType));
    }

    /** Whether the task declared any state. */
    public boolean isEmpty() {
        return declared.isEmpty();
    }

    /**
     * Every declared state as it is now; the task may go on changing its state at once. A restored
     * state the task has not declared (yet) goes into the snapshot as it came, so it is not lost.
     */
    public StateSnapshot snapshot() {
        if (declared.isEmpty() && restored.isEmpty()) {
            return StateSnapshot.EMPTY;
        }
        List<FrozenState> frozen = new ArrayList<>(declared.size() + restored.size());
        for (DeclaredState s : declared.values()) {
            frozen.add(s.freeze());
        }
        restored.forEach((name, data) -> frozen.add(FrozenState.asRestored(name, data)));
        return new StateSnapshot(frozen);
    }

    private OwnedKeys ownedKeys(Class<?> keyType) {
        return new OwnedKeys(owner, currentKey, keyType, firstGroup, endGroup);
    }

    /** The state declared as {@code name}: made, checked and restored the first time, the same one after. */
    @SuppressWarnings("unchecked")
    private <S> S declare(String name, StateKind kind, List<Class<?>> types, Class<? extends DeclaredState> implementation,
                          java.util.function.Supplier<DeclaredState> make) {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException(owner + ": a state needs a name");
        }
        DeclaredState known = declared.get(name);
        if (known != null) {
            if (known.kind != kind || !known.types.equals(types) || known.getClass() != implementation) {
                throw new IllegalStateException(owner + ": state '" + name + "' is already declared as "
                        + describe(known.getClass(), known.kind)
                        + " of " + names(known.types) + ", not as " + describe(implementation, kind) + " of " + names(types));
            }
            return (S) known;
        }
        for (Class<?> type : types) {
            checkRegistered(name, kind, type);
        }
        DeclaredState made = make.get();
        StateData data = restored.remove(name);
        if (data != null) {
            if (data.kind() != kind) {
                throw new IllegalStateException(owner + ": state '" + name + "' is a " + data.kind().describe()
                        + " in the checkpoint, but the task declares a " + kind.describe() + ": was the application changed?");
            }
            made.restore(data, owner);
        }
        declared.put(name, made);
        return (S) made;
    }

    private void checkRegistered(String name, StateKind kind, Class<?> type) {
        if (!registered.test(type)) {
            throw new IllegalStateException(owner + ": " + kind.describe() + " '" + name + "' holds " + type.getName()
                    + ", which is not registered for the wire, so no checkpoint could keep it; register it with '"
                    + io.gearpump.core.serialization.WireRegistry.CONFIG_PREFIX + type.getName() + " =' in conf/gear.conf"
                    + " (the value may name a Kryo serializer class)");
        }
    }

    /** {@code long.class} as {@code Long.class}: state holds objects. */
    @SuppressWarnings("unchecked")
    private static <T> Class<T> boxed(Class<T> type) {
        return (Class<T>) java.lang.invoke.MethodType.methodType(type).wrap().returnType();
    }

    private static String describe(Class<?> implementation, StateKind kind) {
        return LongValueState.class.isAssignableFrom(implementation) ? kind.describe().replace("value", "long") : kind.describe();
    }

    private static String names(List<Class<?>> types) {
        return types.stream().map(Class::getSimpleName).toList().toString();
    }
}
