package io.gearpump.core.serialization;

import io.gearpump.core.api.InvalidApplicationException;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Registration;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.util.DefaultInstantiatorStrategy;

import java.util.ArrayList;
import java.util.List;

import org.objenesis.strategy.StdInstantiatorStrategy;

/**
 * Encodes what travels with an application's code (its description, partitioners, key functions)
 * with Kryo: registered types by id, as on every wire; the application's own classes by name and
 * their fields (see {@link AppClasses} for which classes count); serializable lambdas as their
 * {@link java.lang.invoke.SerializedLambda} ({@link LambdaSerializer}). No Java serialization.
 *
 * <p>Every call builds its own Kryo (the reader's loader differs per call, and these calls are
 * rare), so an instance is thread-safe. Failures are {@link InvalidApplicationException}s whose
 * message names the class at fault; callers add where it was.
 */
public final class AppCodec {

    private final WireRegistry registry;

    public AppCodec(WireRegistry registry) {
        this.registry = registry;
    }

    /** The bytes of {@code value}, once they are proved to decode here, so what cannot be rebuilt fails now. */
    public byte[] encode(Object value) {
        AppClasses classes = AppClasses.writtenHere();
        byte[] bytes = write(classes, value);
        read(classes, bytes, Object.class);
        return bytes;
    }

    /** {@code n} copies of {@code value} from one encoding and one reader: each equal in content, sharing no state. */
    public <T> List<T> copies(T value, int n) {
        AppClasses classes = AppClasses.writtenHere();
        byte[] bytes = write(classes, value);
        Kryo reader = newKryo(classes); // building a Kryo costs more than a read: thousands of tasks each want a copy
        List<T> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            @SuppressWarnings("unchecked")
            T copy = (T) read(reader, bytes, Object.class);
            out.add(copy);
        }
        return out;
    }

    /**
     * What {@link #encode} wrote, if it is a {@code type} (checked before it is built), with
     * application classes from {@code loader}'s application jar only.
     */
    public <T> T decode(byte[] bytes, Class<T> type, ClassLoader loader) {
        return type.cast(read(AppClasses.from(loader), bytes, type));
    }

    /** The application class {@code name} from {@code loader}, under the same rule as classes in the bytes. */
    public static Class<?> applicationClass(String name, ClassLoader loader) {
        return AppClasses.from(loader).resolve(name);
    }

    private byte[] write(AppClasses classes, Object value) {
        try {
            Output output = new Output(4096, -1);
            newKryo(classes).writeClassAndObject(output, value);
            return output.toBytes();
        } catch (RuntimeException e) {
            throw new InvalidApplicationException(reason(e));
        }
    }

    private Object read(AppClasses classes, byte[] bytes, Class<?> type) {
        return read(newKryo(classes), bytes, type);
    }

    private Object read(Kryo kryo, byte[] bytes, Class<?> type) {
        try {
            BoundedInput input = new BoundedInput();
            input.setBuffer(bytes);
            Registration r = kryo.readClass(input);
            if (r == null || !type.isAssignableFrom(r.getType())) {
                throw new InvalidApplicationException("it holds " + (r == null ? "null" : "a " + r.getType().getName())
                        + ", not a " + type.getName());
            }
            @SuppressWarnings("unchecked")
            Class<Object> checked = r.getType();
            Object value = kryo.readObject(input, checked, r.getSerializer());
            if (input.position() != bytes.length) {
                throw new InvalidApplicationException((bytes.length - input.position()) + " bytes follow the end");
            }
            return value;
        } catch (RuntimeException e) {
            throw new InvalidApplicationException(reason(e));
        }
    }

    private Kryo newKryo(AppClasses classes) {
        AppClassResolver resolver = new AppClassResolver(classes);
        Kryo kryo = registry.newKryo(resolver);
        resolver.registrationsDone();
        // like Java serialization, an application class needs no no-argument constructor
        kryo.setInstantiatorStrategy(new DefaultInstantiatorStrategy(new StdInstantiatorStrategy()));
        return kryo;
    }

    /**
     * One line: our own refusal if there is one (Kryo wraps it in its exceptions), else Kryo's
     * message; then where in the object it happened, from Kryo's serialization trace.
     */
    static String reason(Throwable e) {
        String why = null;
        for (Throwable t = e; t != null && why == null; t = t.getCause()) {
            if (t instanceof InvalidApplicationException) {
                why = t.getMessage();
            }
        }
        if (why == null) {
            why = firstLine(String.valueOf(e.getMessage()));
            if (why.startsWith("Class is not registered: ")) {
                why = why.substring("Class is not registered: ".length()) + " is not registered for the wire";
            }
        }
        String m = e instanceof KryoException ? e.getMessage() : null;
        int trace = m == null ? -1 : m.indexOf("Serialization trace:");
        return trace < 0 ? why
                : why + " (at " + m.substring(trace + "Serialization trace:".length()).strip().replace("\n", " in ") + ")";
    }

    private static String firstLine(String s) {
        int end = s.indexOf('\n');
        return end < 0 ? s : s.substring(0, end);
    }
}
