package io.gearpump.core.serialization;

import io.gearpump.core.api.InvalidApplicationException;

import java.util.Base64;

/**
 * A serializable function (a lambda whose type extends {@code Serializable}, or an object of an
 * application class) as text, so that it travels in a processor's {@code UserConfig} to every task
 * that needs it: the {@link AppCodec} form, in Base64. Encoding proves in the submitting JVM that the
 * function can be rebuilt; decoding admits only registered types and the application's classes,
 * as for partitioners. Thread-safe.
 */
public final class FunctionCodec {

    private static final AppCodec CODEC = new AppCodec(WireRegistry.builder().register(PartitionerWireTypes.ENTRIES).build());

    private FunctionCodec() {
    }

    /** {@code function} as text; refused, naming {@code what} and the part at fault, when it cannot travel. */
    public static String encode(Object function, String what) {
        try {
            return Base64.getEncoder().encodeToString(CODEC.encode(function));
        } catch (InvalidApplicationException e) {
            throw new InvalidApplicationException(what + " cannot be serialized, so it cannot be given to each task: "
                    + e.getMessage() + ". A lambda may capture only the wire's registered types (String, boxed primitives,"
                    + " byte[], int[], long[], String[], Object[], ArrayList, HashMap) and the application's own classes");
        }
    }

    /** The function {@link #encode} made of {@code text}, a {@code type}, with application classes from {@code loader}. */
    public static <T> T decode(String text, Class<T> type, ClassLoader loader, String what) {
        byte[] bytes;
        try {
            bytes = Base64.getDecoder().decode(text.strip());
        } catch (IllegalArgumentException e) {
            throw new InvalidApplicationException(what + " is not an encoded function (" + e.getMessage() + ")");
        }
        Object function;
        try {
            function = CODEC.decode(bytes, Object.class, loader); // a lambda is registered under a marker class, not its type
        } catch (InvalidApplicationException e) {
            throw new InvalidApplicationException(what + " cannot be rebuilt: " + e.getMessage());
        }
        if (!type.isInstance(function)) {
            throw new InvalidApplicationException(what + " holds a " + function.getClass().getName() + ", not a " + type.getName());
        }
        return type.cast(function);
    }
}
