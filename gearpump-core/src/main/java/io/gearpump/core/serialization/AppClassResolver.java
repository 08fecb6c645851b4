package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.util.DefaultClassResolver;
import com.esotericsoftware.kryo.util.IntMap;

import java.lang.reflect.Proxy;

/**
 * Kryo's class resolver for what an application sends: registered classes by id, as everywhere;
 * besides them, only classes that {@link AppClasses} admits, by name (with Kryo's default
 * serializer for them: their fields). Kryo's own resolver would load whatever class a name says.
 * Confined to one Kryo, so to one encode or decode.
 */
final class AppClassResolver extends DefaultClassResolver {

    private final AppClasses classes;
    private boolean registered; // false while Kryo registers its classes: it asks about each, and they are not judged

    AppClassResolver(AppClasses classes) {
        this.classes = classes;
    }

    @Override
    @SuppressWarnings("rawtypes") // Kryo's signature
    public Registration getRegistration(Class type) {
        Registration registration = super.getRegistration(type);
        if (registration != null || !registered || !travelsByName(type)) {
            return registration; // null: Kryo's own mapping (lambdas, enum constant bodies), else "not registered"
        }
        classes.check(type);
        return registerImplicit(type);
    }

    /** Called once every registration is made: from now on, unknown classes are judged. */
    void registrationsDone() {
        registered = true;
    }

    /** Kryo maps these to another registration itself (lambdas, proxies, enum bodies) or refuses them. */
    private static boolean travelsByName(Class<?> type) {
        return !type.isArray() && !type.isPrimitive() && !type.isHidden() && !Proxy.isProxyClass(type)
                && (type.isEnum() || !Enum.class.isAssignableFrom(type));
    }

    /**
     * Forgets the class names seen, as Kryo does only when registration is optional: every object
     * written or read here stands alone, so one reader can make several copies from one encoding.
     */
    @Override
    public void reset() {
        super.reset();
        if (classToNameId != null) {
            classToNameId.clear();
        }
        if (nameIdToClass != null) {
            nameIdToClass.clear();
        }
        nextNameId = 0;
    }

    /** As Kryo's, with {@link AppClasses#resolve} in place of {@code Class.forName}. */
    @Override
    protected Registration readName(Input input) {
        int nameId = input.readVarInt(true);
        if (nameIdToClass == null) {
            nameIdToClass = new IntMap<>();
        }
        Class<?> type = nameIdToClass.get(nameId);
        if (type == null) {
            type = classes.resolve(input.readString());
            nameIdToClass.put(nameId, type);
        }
        return kryo.getRegistration(type);
    }
}
