package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.io.Input;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Constructor;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;

/**
 * What {@link RecordCodec} needs of one record class, made once per class and shared by every
 * thread: its components in name order (the wire order), an accessor per component typed
 * {@code (Object) -> component type}, and one reader {@code (RecordCodec, Kryo, Input) -> Object}
 * that reads the components in wire order and passes them, primitives unboxed, to the canonical
 * constructor in declaration order.
 */
final class RecordShape {

    enum Kind { INT, LONG, DOUBLE, FLOAT, BOOLEAN, BYTE, SHORT, CHAR, REFERENCE }

    /** The widest record given a reader of its own (each component's read is one more level of the reader's stack). */
    static final int MAX_COMPONENTS = 32;

    private static final ClassValue<RecordShape> SHAPES = new ClassValue<>() {
        @Override
        protected RecordShape computeValue(Class<?> type) {
            return new RecordShape(type);
        }
    };
    private static final MethodHandles.Lookup LOOKUP = MethodHandles.lookup();

    private final Class<?> record;
    private final RecordComponent[] byName;
    private final Kind[] kinds;
    private final MethodHandle[] accessors;
    private final MethodHandle reader;

    static RecordShape of(Class<?> type) {
        return SHAPES.get(type);
    }

    private RecordShape(Class<?> record) {
        if (!record.isRecord()) {
            throw new IllegalArgumentException(record.getName() + " is not a record");
        }
        this.record = record;
        RecordComponent[] declared = record.getRecordComponents();
        this.byName = declared.clone();
        Arrays.sort(byName, Comparator.comparing(RecordComponent::getName));
        this.kinds = new Kind[byName.length];
        this.accessors = new MethodHandle[byName.length];
        try {
            for (int i = 0; i < byName.length; i++) {
                kinds[i] = kindOf(byName[i].getType());
                accessors[i] = accessor(byName[i]);
            }
            this.reader = reader(declared);
        } catch (ReflectiveOperationException | RuntimeException e) {
            throw new IllegalArgumentException("record " + record.getName() + " cannot be encoded: " + e, e);
        }
    }

    int components() {
        return byName.length;
    }

    Class<?> type(int i) {
        return byName[i].getType();
    }

    Kind kind(int i) {
        return kinds[i];
    }

    /** Component {@code i}'s accessor: {@code (Object) -> its type} (a reference type as Object). */
    MethodHandle accessor(int i) {
        return accessors[i];
    }

    /** {@code (RecordCodec, Kryo, Input) -> Object}: reads every component and makes the record. */
    MethodHandle reader() {
        return reader;
    }

    String describe(int i) {
        return byName[i].getName() + " (" + record.getName() + ")";
    }

    private MethodHandle accessor(RecordComponent c) throws IllegalAccessException {
        var method = c.getAccessor();
        method.setAccessible(true);
        Class<?> type = c.getType().isPrimitive() ? c.getType() : Object.class;
        return LOOKUP.unreflect(method).asType(MethodType.methodType(type, Object.class));
    }

    /**
     * The canonical constructor, its parameters permuted into wire order, each then folded into a read
     * of that component: the outermost fold (the first component by name) reads first.
     */
    private MethodHandle reader(RecordComponent[] declared) throws ReflectiveOperationException {
        Class<?>[] declaredTypes = Arrays.stream(declared).map(RecordComponent::getType).toArray(Class<?>[]::new);
        Constructor<?> constructor = record.getDeclaredConstructor(declaredTypes);
        constructor.setAccessible(true);
        MethodHandle make = LOOKUP.unreflectConstructor(constructor).asType(MethodType.methodType(Object.class, declaredTypes));
        Class<?>[] wireTypes = new Class<?>[byName.length];
        int[] wirePositionOfDeclared = new int[declared.length];
        for (int w = 0; w < byName.length; w++) {
            wireTypes[w] = byName[w].getType();
            wirePositionOfDeclared[indexOf(declared, byName[w])] = w;
        }
        MethodHandle h = MethodHandles.permuteArguments(make, MethodType.methodType(Object.class, wireTypes),
                wirePositionOfDeclared);
        h = MethodHandles.dropArguments(h, wireTypes.length, RecordCodec.class, Kryo.class, Input.class);
        for (int w = wireTypes.length - 1; w >= 0; w--) {
            h = MethodHandles.foldArguments(h, w, read(w));
        }
        return h;
    }

    /** {@code (RecordCodec, Kryo, Input) -> component w's type}. */
    private MethodHandle read(int w) throws ReflectiveOperationException {
        Class<?> type = byName[w].getType();
        MethodType readerType = MethodType.methodType(type, RecordCodec.class, Kryo.class, Input.class);
        String primitiveRead = switch (kinds[w]) {
            case INT -> "readInt";
            case LONG -> "readLong";
            case DOUBLE -> "readDouble";
            case FLOAT -> "readFloat";
            case BOOLEAN -> "readBoolean";
            case BYTE -> "readByte";
            case SHORT -> "readShort";
            case CHAR -> "readChar";
            case REFERENCE -> null;
        };
        if (primitiveRead != null) {
            return LOOKUP.findStatic(RecordShape.class, primitiveRead, readerType);
        }
        MethodHandle reference = LOOKUP.findVirtual(RecordCodec.class, "readReference",
                MethodType.methodType(Object.class, Kryo.class, Input.class, int.class));
        return MethodHandles.insertArguments(reference, 3, w).asType(readerType);
    }

    private static int indexOf(RecordComponent[] declared, RecordComponent c) {
        for (int i = 0; i < declared.length; i++) {
            if (declared[i].getName().equals(c.getName())) {
                return i;
            }
        }
        throw new IllegalStateException("no component " + c.getName());
    }

    private static Kind kindOf(Class<?> type) {
        if (type == int.class) {
            return Kind.INT;
        } else if (type == long.class) {
            return Kind.LONG;
        } else if (type == double.class) {
            return Kind.DOUBLE;
        } else if (type == float.class) {
            return Kind.FLOAT;
        } else if (type == boolean.class) {
            return Kind.BOOLEAN;
        } else if (type == byte.class) {
            return Kind.BYTE;
        } else if (type == short.class) {
            return Kind.SHORT;
        } else if (type == char.class) {
            return Kind.CHAR;
        }
        return Kind.REFERENCE;
    }

    // The primitive reads, in the encodings of Kryo's default serializers for the boxed types.

    private static int readInt(RecordCodec c, Kryo k, Input in) {
        return in.readInt(false);
    }

    private static long readLong(RecordCodec c, Kryo k, Input in) {
        return in.readVarLong(false);
    }

    private static double readDouble(RecordCodec c, Kryo k, Input in) {
        return in.readDouble();
    }

    private static float readFloat(RecordCodec c, Kryo k, Input in) {
        return in.readFloat();
    }

    private static boolean readBoolean(RecordCodec c, Kryo k, Input in) {
        return in.readBoolean();
    }

    private static byte readByte(RecordCodec c, Kryo k, Input in) {
        return in.readByte();
    }

    private static short readShort(RecordCodec c, Kryo k, Input in) {
        return in.readShort();
    }

    private static char readChar(RecordCodec c, Kryo k, Input in) {
        return in.readChar();
    }
}
