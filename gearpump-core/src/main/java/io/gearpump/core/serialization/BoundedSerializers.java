package io.gearpump.core.serialization;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.Serializer;
import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Map;

/**
 * Serializers for the core container types that check a claimed size against the bytes left in
 * the frame before allocating (Kryo's own allocate first). Format: varint size + 1 (0 = null), then
 * the elements, each with its class.
 */
final class BoundedSerializers {

    private BoundedSerializers() {
    }

    static int readSize(Input input, String what) {
        int size = input.readVarInt(true) - 1;
        if (size >= 0 && input instanceof BoundedInput bounded) {
            bounded.checkClaim(size, what);
        } else if (size >= 0 && size > input.limit() - input.position()) {
            throw new KryoException(what + " of " + size + " elements claimed with only "
                    + (input.limit() - input.position()) + " bytes left");
        }
        return size;
    }

    public static final class ObjectArray extends Serializer<Object[]> {
        public ObjectArray() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, Object[] array) {
            if (array == null) {
                output.writeVarInt(0, true);
                return;
            }
            output.writeVarInt(array.length + 1, true);
            for (Object o : array) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public Object[] read(Kryo kryo, Input input, Class<? extends Object[]> type) {
            int size = readSize(input, "array");
            if (size < 0) {
                return null;
            }
            Object[] array = (Object[]) java.lang.reflect.Array.newInstance(type.getComponentType(), size);
            for (int i = 0; i < size; i++) {
                array[i] = kryo.readClassAndObject(input);
            }
            return array;
        }
    }

    public static final class List extends Serializer<ArrayList<Object>> {
        public List() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, ArrayList<Object> list) {
            if (list == null) {
                output.writeVarInt(0, true);
                return;
            }
            output.writeVarInt(list.size() + 1, true);
            for (Object o : list) {
                kryo.writeClassAndObject(output, o);
            }
        }

        @Override
        public ArrayList<Object> read(Kryo kryo, Input input, Class<? extends ArrayList<Object>> type) {
            int size = readSize(input, "list");
            if (size < 0) {
                return null;
            }
            ArrayList<Object> list = new ArrayList<>(size);
            for (int i = 0; i < size; i++) {
                list.add(kryo.readClassAndObject(input));
            }
            return list;
        }
    }

    public static final class HashMapSerializer extends Serializer<HashMap<Object, Object>> {
        public HashMapSerializer() {
            setAcceptsNull(true);
        }

        @Override
        public void write(Kryo kryo, Output output, HashMap<Object, Object> map) {
            if (map == null) {
                output.writeVarInt(0, true);
                return;
            }
            output.writeVarInt(map.size() + 1, true);
            for (Map.Entry<Object, Object> e : map.entrySet()) {
                kryo.writeClassAndObject(output, e.getKey());
                kryo.writeClassAndObject(output, e.getValue());
            }
        }

        @Override
        public HashMap<Object, Object> read(Kryo kryo, Input input, Class<? extends HashMap<Object, Object>> type) {
            int size = readSize(input, "map");
            if (size < 0) {
                return null;
            }
            HashMap<Object, Object> map = HashMap.newHashMap(size);
            for (int i = 0; i < size; i++) {
                map.put(kryo.readClassAndObject(input), kryo.readClassAndObject(input));
            }
            return map;
        }
    }
}
