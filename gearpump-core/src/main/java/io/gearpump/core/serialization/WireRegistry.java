package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.ClassResolver;
import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.util.DefaultClassResolver;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Every class that may cross the wire, each with an explicit, append-only registration id, so two
 * JVMs agree on ids without exchanging class names. Engine modules register their own ids
 * (core 10-99, net 100-199, master 200-299, worker 300-399); user types come from configuration
 * ({@code gearpump.serializers.<class> = <serializer class or empty>}) or the application and get
 * ids from {@value #FIRST_USER_ID} on, in class-name order, so every JVM with the same configuration
 * assigns the same ids. Kryo never instantiates a class that is not in here. Immutable; build it once.
 */
public final class WireRegistry {

    public static final int FIRST_USER_ID = 1000;
    /** How deeply objects may nest in one frame. */
    static final int MAX_DEPTH = 100;
    public static final String CONFIG_PREFIX = "gearpump.serializers.";

    /** One registration: the class, its id and its serializer (null: Kryo's default for the class). */
    public record Entry(int id, Class<?> type, Class<? extends Serializer<?>> serializer) {
    }

    private final List<Entry> entries;
    private Kryo probe; // guarded by this: answers encodes()

    private WireRegistry(List<Entry> entries) {
        this.entries = Collections.unmodifiableList(entries);
    }

    public static Builder builder() {
        return new Builder().register(CoreWireTypes.ENTRIES);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Whether values of exactly {@code type} can be encoded: registered here, or by Kryo itself (boxed primitives, String). */
    public synchronized boolean encodes(Class<?> type) {
        if (probe == null) {
            probe = newKryo();
        }
        return probe.getClassResolver().getRegistration(type) != null;
    }

    /** A new Kryo with every registration; one per thread (Kryo is not thread-safe). */
    Kryo newKryo() {
        return newKryo(new DefaultClassResolver());
    }

    /** Same, resolving classes with {@code resolver} (which may admit more than the registered classes). */
    Kryo newKryo(ClassResolver resolver) {
        Kryo kryo = new Kryo(resolver, null);
        kryo.setRegistrationRequired(true);
        kryo.setReferences(false);
        kryo.setMaxDepth(MAX_DEPTH); // a hostile frame of deep nesting fails instead of overflowing the stack
        kryo.addDefaultSerializer(Record.class, new RecordCodec.Factory()); // Kryo's format, without its reflection per record
        for (Entry e : entries) {
            if (e.serializer() == null) {
                kryo.register(e.type(), e.id());
            } else {
                kryo.register(e.type(), newSerializer(e), e.id());
            }
        }
        return kryo;
    }

    private static Serializer<?> newSerializer(Entry e) {
        try {
            return e.serializer().getConstructor().newInstance();
        } catch (ReflectiveOperationException ex) {
            throw new IllegalArgumentException("serializer " + e.serializer().getName() + " for " + e.type().getName()
                    + " needs a public no-argument constructor", ex);
        }
    }

    public static final class Builder {
        private final TreeMap<Integer, Entry> byId = new TreeMap<>();
        private final Map<Class<?>, Integer> byType = new java.util.HashMap<>();
        private final TreeMap<String, Entry> users = new TreeMap<>();

        private Builder() {
        }

        /** Engine registrations with fixed ids; an id or class registered twice is a programming error. */
        public Builder register(List<Entry> fixed) {
            for (Entry e : fixed) {
                if (e.id() >= FIRST_USER_ID) {
                    throw new IllegalArgumentException("engine id " + e.id() + " for " + e.type().getName()
                            + " is in the user range (>= " + FIRST_USER_ID + ")");
                }
                add(e);
            }
            return this;
        }

        /** A user type with Kryo's default serializer for it. */
        public Builder registerUserType(Class<?> type) {
            return registerUserType(type, null);
        }

        public Builder registerUserType(Class<?> type, Class<? extends Serializer<?>> serializer) {
            users.put(type.getName(), new Entry(-1, type, serializer));
            return this;
        }

        /**
         * User types from {@code gearpump.serializers.<class> = <serializer class or empty>} settings,
         * loaded with {@code loader}; a class that cannot be loaded is named in the error.
         */
        @SuppressWarnings("unchecked")
        public Builder registerFromConfig(Map<String, String> serializersByClass, ClassLoader loader) {
            serializersByClass.forEach((className, serializerName) -> {
                Class<?> type = load(className, loader, CONFIG_PREFIX + className);
                Class<? extends Serializer<?>> serializer = null;
                if (serializerName != null && !serializerName.isBlank()) {
                    Class<?> s = load(serializerName.trim(), loader, CONFIG_PREFIX + className + " = " + serializerName);
                    if (!Serializer.class.isAssignableFrom(s)) {
                        throw new IllegalArgumentException("configuration '" + CONFIG_PREFIX + className + "' = '"
                                + serializerName + "': " + s.getName() + " is not a " + Serializer.class.getName());
                    }
                    serializer = (Class<? extends Serializer<?>>) s;
                }
                registerUserType(type, serializer);
            });
            return this;
        }

        public WireRegistry build() {
            List<Entry> all = new ArrayList<>(byId.values());
            int id = FIRST_USER_ID;
            for (Entry u : users.values()) {
                if (!byType.containsKey(u.type())) {
                    all.add(new Entry(id++, u.type(), u.serializer()));
                }
            }
            return new WireRegistry(all);
        }

        private void add(Entry e) {
            Entry clash = byId.get(e.id());
            if (clash != null && clash.type() != e.type()) {
                throw new IllegalArgumentException("wire id " + e.id() + " is taken by " + clash.type().getName()
                        + ", cannot give it to " + e.type().getName());
            }
            Integer other = byType.get(e.type());
            if (other != null && other != e.id()) {
                throw new IllegalArgumentException(e.type().getName() + " is registered with ids " + other + " and " + e.id());
            }
            byId.put(e.id(), e);
            byType.put(e.type(), e.id());
        }

        private static Class<?> load(String name, ClassLoader loader, String setting) {
            try {
                return Class.forName(name.trim(), false, loader);
            } catch (ClassNotFoundException | LinkageError e) {
                throw new IllegalArgumentException("configuration '" + setting + "': class " + name + " cannot be loaded ("
                        + e + ")");
            }
        }
    }
}
