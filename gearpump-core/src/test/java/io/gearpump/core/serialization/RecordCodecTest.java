package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.Kryo;
import com.esotericsoftware.kryo.KryoException;
import com.esotericsoftware.kryo.serializers.RecordSerializer;

import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

class RecordCodecTest {

    /** Components declared out of name order, every primitive kind, final and open reference types. */
    record Everything(long zLong, int count, double ratio, float weight, boolean flag, byte tag, short small,
                      char letter, String name, byte[] payload, Object anything, Inner inner) {
    }

    record Inner(String label, int[] values) {
    }

    record Boxed<T>(T value, Integer count) {
    }

    private record Hidden(long at) {
    }

    record Positive(int value) {
        Positive {
            if (value <= 0) {
                throw new IllegalArgumentException("value must be positive, was " + value);
            }
        }
    }

    record Probe(long seq, long sentNanos, byte[] payload) {
    }

    /** Wider than RecordShape.MAX_COMPONENTS: Kryo's own serializer, same bytes. */
    record Wide(int c00, int c01, int c02, int c03, int c04, int c05, int c06, int c07, int c08, int c09, int c10, int c11, int c12, int c13, int c14, int c15, int c16, int c17, int c18, int c19, int c20, int c21, int c22, int c23, int c24, int c25, int c26, int c27, int c28, int c29, int c30, int c31, int c32, int c33, int c34, int c35, int c36, int c37, int c38, int c39) {
    }

    /** As wide as a record gets its own reader, and nestable. */
    record Deep(long a00, long a01, long a02, long a03, long a04, long a05, long a06, long a07, long a08, long a09, long a10, long a11, long a12, long a13, long a14, long a15, long a16, long a17, long a18, long a19, long a20, long a21, long a22, long a23, long a24, long a25, long a26, long a27, long a28, long a29, long a30, Object next) {
    }

    static final class Refusal extends Error {
        Refusal(String message) {
            super(message);
        }
    }

    record RefusesWithAnError(long at) {
        RefusesWithAnError {
            if (at < 0) {
                throw new Refusal("no negative times");
            }
        }
    }

    record BrokenAccessor(int value) {
        @Override
        public int value() {
            throw new IllegalStateException("accessor out of order");
        }
    }

    private final WireRegistry registry = WireRegistry.builder().registerUserType(Everything.class)
            .registerUserType(Inner.class).registerUserType(Boxed.class).registerUserType(Hidden.class)
            .registerUserType(Positive.class).registerUserType(Probe.class).registerUserType(Wide.class).registerUserType(Deep.class)
            .registerUserType(RefusesWithAnError.class).registerUserType(BrokenAccessor.class).build();
    private final WireCodec codec = new WireCodec(registry, 1 << 20);

    @Test
    void everyKindOfComponentComesBackEqual() {
        Everything e = new Everything(-1L << 40, 42, 0.25, -3.5f, true, (byte) -7, (short) 300, 'ß', "naïve",
                new byte[] {1, 2, 3}, new Inner("nested", new int[] {4, 5}), new Inner(null, null));

        Everything back = (Everything) codec.decode(codec.encode(e));

        assertEquals(e.zLong(), back.zLong());
        assertEquals(e.count(), back.count());
        assertEquals(e.ratio(), back.ratio());
        assertEquals(e.weight(), back.weight());
        assertEquals(e.flag(), back.flag());
        assertEquals(e.tag(), back.tag());
        assertEquals(e.small(), back.small());
        assertEquals(e.letter(), back.letter());
        assertEquals(e.name(), back.name());
        assertArrayEquals(e.payload(), back.payload());
        Inner anything = assertInstanceOf(Inner.class, back.anything());
        assertEquals("nested", anything.label());
        assertArrayEquals(new int[] {4, 5}, anything.values());
        assertNull(back.inner().label());
        assertNull(back.inner().values());
    }

    @Test
    void genericAndPrivateRecordsAndNullsComeBack() {
        assertEquals(new Boxed<>("text", null), codec.decode(codec.encode(new Boxed<>("text", null))));
        assertEquals(new Boxed<>(7L, 3), codec.decode(codec.encode(new Boxed<>(7L, 3))));
        assertEquals(new Hidden(99), codec.decode(codec.encode(new Hidden(99))));
    }

    @Test
    void bytesAreThoseOfKryosRecordSerializerBothWays() {
        // checkpoints and the masters' log written before this codec must still read, and the reverse
        Kryo kryos = registry.newKryo();
        for (Class<?> type : List.of(Everything.class, Inner.class, Boxed.class, Probe.class)) {
            kryos.getRegistration(type).setSerializer(new RecordSerializer<>());
        }
        List<Object> values = List.of(
                new Everything(123_456_789_012L, -5, Double.NaN, 1e-3f, false, Byte.MIN_VALUE, Short.MAX_VALUE, 'x',
                        null, new byte[0], 17, new Inner("i", new int[] {1})),
                new Boxed<>(new Inner("deep", null), Integer.MIN_VALUE),
                new Probe(Long.MAX_VALUE, 5, new byte[100]));
        for (Object value : values) {
            byte[] ours = codec.encode(value);
            byte[] theirs = encode(kryos, value);

            assertArrayEquals(theirs, ours, value.getClass().getSimpleName());
            assertEquals(codec.encode(codec.decode(theirs)).length, theirs.length);
            Object readByKryo = kryos.readClassAndObject(new com.esotericsoftware.kryo.io.Input(ours));
            assertArrayEquals(ours, codec.encode(readByKryo));
        }
    }

    @Test
    void aConstructorThatRefusesTheBytesFailsNamingTheRecord() {
        byte[] bytes = codec.encode(new Positive(5));
        bytes[bytes.length - 1] = 0; // zig-zag 0: value 0, which the constructor refuses

        KryoException e = assertThrows(KryoException.class, () -> codec.decode(bytes));

        assertTrue(e.getMessage().contains(Positive.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("value must be positive"), e.getMessage());
    }

    @Test
    void anErrorFromTheConstructorFailsAsADecodingErrorNamingTheRecord() {
        // a decoding error closes one connection; an Error let through would end the event loop that decoded it
        byte[] bytes = codec.encode(new RefusesWithAnError(1));
        bytes[bytes.length - 1] = 1; // zig-zag 1: -1

        KryoException e = assertThrows(KryoException.class, () -> codec.decode(bytes));

        assertTrue(e.getMessage().contains(RefusesWithAnError.class.getName()), e.getMessage());
        assertInstanceOf(Refusal.class, e.getCause());
    }

    @Test
    void anAccessorThatThrowsFailsTheEncodingNamingTheComponent() {
        KryoException e = assertThrows(KryoException.class, () -> codec.encode(new BrokenAccessor(3)));

        assertTrue(e.getMessage().contains("value (" + BrokenAccessor.class.getName() + ")"), e.getMessage());
        assertTrue(e.getMessage().contains("accessor out of order"), e.getMessage());
    }

    @Test
    void aWideRecordKeepsKryosSerializerWithTheSameBytes() throws ReflectiveOperationException {
        Object[] values = new Object[40];
        Class<?>[] types = new Class<?>[40];
        for (int i = 0; i < 40; i++) {
            values[i] = i * 1_000 - 20_000;
            types[i] = int.class;
        }
        Wide wide = Wide.class.getDeclaredConstructor(types).newInstance(values);
        Kryo kryos = registry.newKryo();
        kryos.getRegistration(Wide.class).setSerializer(new RecordSerializer<>());

        assertInstanceOf(RecordSerializer.class, codec.kryo().getRegistration(Wide.class).getSerializer());
        assertEquals(wide, codec.decode(codec.encode(wide)));
        assertArrayEquals(encode(kryos, wide), codec.encode(wide));
    }

    @Test
    void recordsNestedToTheDepthLimitDecodeOnASmallStack() throws Exception {
        Object nested = null;
        for (int level = 0; level < WireRegistry.MAX_DEPTH - 1; level++) {
            Object[] values = new Object[32];
            Class<?>[] types = new Class<?>[32];
            for (int i = 0; i < 31; i++) {
                values[i] = (long) level * i;
                types[i] = long.class;
            }
            values[31] = nested;
            types[31] = Object.class;
            nested = Deep.class.getDeclaredConstructor(types).newInstance(values);
        }
        byte[] bytes = codec.encode(nested);
        java.util.concurrent.atomic.AtomicReference<Object> decoded = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.concurrent.atomic.AtomicReference<Throwable> failed = new java.util.concurrent.atomic.AtomicReference<>();
        WireCodec small = new WireCodec(registry, 1 << 20);
        Thread t = new Thread(null, () -> {
            try {
                decoded.set(small.decode(bytes));
            } catch (Throwable e) {
                failed.set(e);
            }
        }, "small-stack", 512 * 1024);
        t.start();
        t.join();

        assertNull(failed.get(), () -> "decoding 99 nested records on a 512 KB stack: " + failed.get());
        assertEquals(nested, decoded.get());
    }

    @Test
    void aRecordOfPrimitivesAndAnArrayAllocatesOnlyItselfAndItsArray() {
        // Kryo's own serializer boxes each primitive into an array for the constructor (232 bytes a record
        // here, measured); this one allocates only the record (32 B) and its array (120 B)
        byte[] bytes = codec.encode(new Probe(1L << 50, 1L << 45, new byte[100]));
        long perRecord = allocatedPerDecode(codec, bytes);
        Kryo kryos = registry.newKryo();
        kryos.getRegistration(Probe.class).setSerializer(new RecordSerializer<>());
        long kryosPerRecord = allocatedPerDecode(kryos, bytes);

        assertTrue(perRecord <= 160, "bytes allocated per decoded record: " + perRecord + " (Kryo's: " + kryosPerRecord + ")");
    }

    private static long allocatedPerDecode(Object decoder, byte[] bytes) {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        List<Object> keep = new ArrayList<>(10_000);
        com.esotericsoftware.kryo.io.Input input = new com.esotericsoftware.kryo.io.Input();
        long best = Long.MAX_VALUE;
        for (int round = 0; round < 20; round++) { // the least of several rounds: compilation allocates too
            keep.clear();
            long before = threads.getCurrentThreadAllocatedBytes();
            for (int i = 0; i < 10_000; i++) {
                keep.add(decoder instanceof WireCodec c ? c.decode(bytes)
                        : read((Kryo) decoder, input, bytes));
            }
            long after = threads.getCurrentThreadAllocatedBytes();
            best = Math.min(best, (after - before) / 10_000);
        }
        return best;
    }

    private static Object read(Kryo kryo, com.esotericsoftware.kryo.io.Input input, byte[] bytes) {
        input.setBuffer(bytes);
        return kryo.readClassAndObject(input);
    }

    private static byte[] encode(Kryo kryo, Object value) {
        com.esotericsoftware.kryo.io.Output out = new com.esotericsoftware.kryo.io.Output(256, -1);
        kryo.writeClassAndObject(out, value);
        return out.toBytes();
    }
}
