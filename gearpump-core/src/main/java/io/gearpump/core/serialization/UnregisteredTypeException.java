package io.gearpump.core.serialization;

/** A value of a class that is not registered for the wire; the message says how to register it. */
public class UnregisteredTypeException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    public UnregisteredTypeException(String className, Throwable cause) {
        super("class " + className + " is not registered for the wire, so it cannot be sent to another JVM; register it with '"
                + WireRegistry.CONFIG_PREFIX + className + " =' in conf/gear.conf (the value may name a Kryo serializer class),"
                + " or with WireRegistry.Builder.registerUserType", cause);
    }
}
