package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.SerializerFactory;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;
import com.esotericsoftware.kryo.serializers.RecordSerializer;

import java.lang.invoke.MethodHandle;

/**
 * Encodes records in the format of Kryo's own {@code RecordSerializer} (components by name; each
 * primitive as Kryo's serializer of its box writes it; final types with a null flag, others with their
 * class), so everything already written (checkpoints, the masters' log) still reads, but
 * without its per-record costs: that one looks the components, accessors and constructor up by
 * reflection for every record and passes every value boxed, in a new array. Here the accessors and
 * the canonical constructor are method handles made once per record class ({@link RecordShape}), and
 * primitives travel through them unboxed, so a record of primitives and a byte array allocates only
 * itself and its array.
 */
final class RecordCodec extends Serializer<Record> {

    private final RecordShape shape;
    private final boolean[] finalType; // per component in name order: written without its class

    RecordCodec(Kryo kryo, Class<?> type) {
        this.shape = RecordShape.of(type);
        this.finalType = new boolean[shape.components()];
        for (int i = 0; i < finalType.length; i++) {
            finalType[i] = kryo.isFinal(shape.type(i));
        }
        setImmutable(true);
    }

    @Override
    public void write(Kryo kryo, Output output, Record record) {
        int i = 0;
        try {
            for (; i < finalType.length; i++) {
                writeComponent(kryo, output, record, i);
            }
        } catch (KryoException e) {
            e.addTrace(shape.describe(i));
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) { // an accessor of the user's threw
            KryoException e = new KryoException(t);
            e.addTrace(shape.describe(i));
            throw e;
        }
    }

    private void writeComponent(Kryo kryo, Output output, Record record, int i) throws Throwable {
        MethodHandle get = shape.accessor(i);
        switch (shape.kind(i)) {
            case INT -> output.writeInt((int) get.invokeExact((Object) record), false);
            case LONG -> output.writeVarLong((long) get.invokeExact((Object) record), false);
            case DOUBLE -> output.writeDouble((double) get.invokeExact((Object) record));
            case FLOAT -> output.writeFloat((float) get.invokeExact((Object) record));
            case BOOLEAN -> output.writeBoolean((boolean) get.invokeExact((Object) record));
            case BYTE -> output.writeByte((byte) get.invokeExact((Object) record));
            case SHORT -> output.writeShort((short) get.invokeExact((Object) record));
            case CHAR -> output.writeChar((char) get.invokeExact((Object) record));
            case REFERENCE -> {
                Object value = (Object) get.invokeExact((Object) record);
                if (finalType[i]) {
                    kryo.writeObjectOrNull(output, value, shape.type(i));
                } else {
                    kryo.writeClassAndObject(output, value);
                }
            }
        }
    }

    @Override
    public Record read(Kryo kryo, Input input, Class<? extends Record> type) {
        try {
            return (Record) (Object) shape.reader().invokeExact(this, kryo, input);
        } catch (KryoException e) {
            e.addTrace("(" + type.getName() + ")");
            throw e;
        } catch (VirtualMachineError e) {
            throw e;
        } catch (Throwable t) { // values of the wrong type for the record, or refused by its constructor
            throw new KryoException("cannot construct " + type.getName() + " from the values read: " + t, t);
        }
    }

    /** A reference component, with or without its class as it was written (called by the shape's reader). */
    Object readReference(Kryo kryo, Input input, int i) {
        try {
            return finalType[i] ? kryo.readObjectOrNull(input, shape.type(i)) : kryo.readClassAndObject(input);
        } catch (KryoException e) {
            e.addTrace(shape.describe(i));
            throw e;
        }
    }

    /**
     * Makes a codec for every record class a Kryo registers without a serializer of its own; records of
     * more than {@link RecordShape#MAX_COMPONENTS} components keep Kryo's (same bytes): the reader of a
     * wide record would need a deep stack, and past 250 components no method handle can take them all.
     */
    static final class Factory implements SerializerFactory<Serializer<?>> {
        @Override
        public Serializer<?> newSerializer(Kryo kryo, Class type) {
            return type.getRecordComponents().length > RecordShape.MAX_COMPONENTS
                    ? new RecordSerializer<>() : new RecordCodec(kryo, type);
        }

        @Override
        public boolean isSupported(Class type) {
            return type.isRecord();
        }
    }
}
