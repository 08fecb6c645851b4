package io.gearpump.core.serialization;

import io.gearpump.core.api.InvalidApplicationException;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.lang.invoke.SerializedLambda;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;

/**
 * A serializable lambda as its {@link SerializedLambda}: the capturing class (by id if registered,
 * else by name under the application-class rule), the functional interface, the implementation
 * method, then the captured values, each a registered type or an application class. Reading, the
 * capturing class rebuilds the lambda with its {@code $deserializeLambda$}, which javac generates to
 * accept only the lambdas written in that class: bytes cannot make it run any other method.
 *
 * <p>This is the form of Kryo's {@code ClosureSerializer}; that one is not used because it reflects
 * into {@code java.lang.invoke} (closed since JDK 17), logs a warning per instance when it cannot,
 * and then looks the capturing class up with the engine's class loader instead of the application's.
 */
final class LambdaSerializer extends Serializer<Object> {

    public LambdaSerializer() { // the registry makes serializers through their public no-argument constructor
    }

    @Override
    public void write(Kryo kryo, Output output, Object lambda) {
        SerializedLambda form = serializedForm(lambda);
        kryo.writeClass(output, capturingClass(form, lambda));
        output.writeString(form.getFunctionalInterfaceClass());
        output.writeString(form.getFunctionalInterfaceMethodName());
        output.writeString(form.getFunctionalInterfaceMethodSignature());
        output.writeVarInt(form.getImplMethodKind(), true);
        output.writeString(form.getImplClass());
        output.writeString(form.getImplMethodName());
        output.writeString(form.getImplMethodSignature());
        output.writeString(form.getInstantiatedMethodType());
        output.writeVarInt(form.getCapturedArgCount(), true);
        for (int i = 0; i < form.getCapturedArgCount(); i++) {
            kryo.writeClassAndObject(output, form.getCapturedArg(i));
        }
    }

    @Override
    public Object read(Kryo kryo, Input input, Class<?> type) {
        Registration capturing = kryo.readClass(input);
        if (capturing == null) {
            throw new InvalidApplicationException("a lambda names no capturing class");
        }
        SerializedLambda form = new SerializedLambda(capturing.getType(), text(input), text(input), text(input),
                input.readVarInt(true), text(input), text(input), text(input), text(input), capturedArgs(kryo, input));
        return rebuild(capturing.getType(), form);
    }

    private static Object[] capturedArgs(Kryo kryo, Input input) {
        int count = input.readVarInt(true);
        if (count > input.limit() - input.position()) {
            throw new InvalidApplicationException("a lambda claims " + count + " captured values with only "
                    + (input.limit() - input.position()) + " bytes left");
        }
        Object[] args = new Object[count];
        for (int i = 0; i < count; i++) {
            args[i] = kryo.readClassAndObject(input);
        }
        return args;
    }

    private static String text(Input input) {
        String s = input.readString();
        if (s == null) {
            throw new InvalidApplicationException("a lambda's description has a missing part");
        }
        return s;
    }

    /** What Java serialization would write for the lambda; only lambdas of a Serializable type have it. */
    private static SerializedLambda serializedForm(Object lambda) {
        try {
            Method writeReplace = lambda.getClass().getDeclaredMethod("writeReplace");
            writeReplace.setAccessible(true);
            if (writeReplace.invoke(lambda) instanceof SerializedLambda form) {
                return form;
            }
        } catch (ReflectiveOperationException | RuntimeException e) {
            // not serializable: refused below
        }
        throw new InvalidApplicationException("the lambda " + lambda.getClass().getName() + " is not serializable"
                + " (give it a type that extends Serializable, such as Partitioner or Partitioners.KeyFunction)");
    }

    /** A lambda's class is defined by the loader of the class that wrote it. */
    private static Class<?> capturingClass(SerializedLambda form, Object lambda) {
        String name = form.getCapturingClass().replace('/', '.');
        try {
            return Class.forName(name, false, lambda.getClass().getClassLoader());
        } catch (ClassNotFoundException e) {
            throw new InvalidApplicationException("the class " + name + " that wrote the lambda cannot be found");
        }
    }

    private static Object rebuild(Class<?> capturing, SerializedLambda form) {
        Method deserialize;
        try {
            deserialize = capturing.getDeclaredMethod("$deserializeLambda$", SerializedLambda.class);
            deserialize.setAccessible(true);
        } catch (NoSuchMethodException | RuntimeException e) {
            throw new InvalidApplicationException(capturing.getName() + " has no serializable lambda to rebuild");
        }
        try {
            return deserialize.invoke(null, form);
        } catch (InvocationTargetException e) {
            throw new InvalidApplicationException("no serializable lambda of " + capturing.getName() + " matches "
                    + form.getImplClass() + "." + form.getImplMethodName() + form.getImplMethodSignature()
                    + " with these captured values (" + e.getCause() + ")");
        } catch (IllegalAccessException e) {
            throw new InvalidApplicationException(capturing.getName() + "'s lambdas cannot be rebuilt: " + e);
        }
    }
}
