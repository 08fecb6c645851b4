package io.gearpump.core.serialization;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.esotericsoftware.kryo.KryoException;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

/** Bytes from a peer that claim huge sizes or nest deeply fail to decode without allocating what they claim. */
class HostileDecodeTest {

    private final WireCodec codec = new WireCodec(WireRegistry.builder().build(), 1 << 20);

    /** Class id (registration id + 2) then a varint size + 1 of about a billion. */
    private static byte[] claim(int registrationId) {
        return new byte[] {(byte) (registrationId + 2), (byte) 0xf0, (byte) 0xf6, (byte) 0xa7, (byte) 0x81, 0x04};
    }

    @Test
    void hugeArrayAndCollectionClaimsAreRefusedBeforeAllocating() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().threadId();
        for (int registrationId : new int[] {10, 11, 12, 13, 14, 15, 16}) {
            long before = threads.getThreadAllocatedBytes(id);
            KryoException e = assertThrows(KryoException.class, () -> codec.decode(claim(registrationId)),
                    "registration " + registrationId);
            long allocated = threads.getThreadAllocatedBytes(id) - before;
            assertTrue(allocated < 1 << 20, "registration " + registrationId + " allocated " + allocated + " bytes");
            assertTrue(e.getMessage().contains("claimed with only"), e.getMessage());
        }
    }

    @Test
    void aHugeStringLengthIsRefusedBeforeAllocating() {
        // String (id 1 -> class byte 3), UTF-8 flag set, char count of about a billion, then nothing
        byte[] bytes = {3, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x0f};
        KryoException e = assertThrows(KryoException.class, () -> codec.decode(bytes));
        assertTrue(e.getMessage().contains("string of"), e.getMessage());
    }

    @Test
    void deepNestingFailsCleanlyInsteadOfOverflowingTheStack() {
        ArrayList<Object> outer = new ArrayList<>();
        ArrayList<Object> current = outer;
        for (int i = 0; i < 1_000; i++) { // ten times what a frame may nest
            ArrayList<Object> inner = new ArrayList<>();
            current.add(inner);
            current = inner;
        }
        WireCodec big = new WireCodec(WireRegistry.builder().build(), 1 << 22);
        ArrayList<Object> finalOuter = outer;
        assertThrows(KryoException.class, () -> big.decode(encodeUnbounded(finalOuter)));
    }

    @Test
    void nullAndEmptyStringFieldsOfRecordsRoundTrip() {
        WireCodec codec = new WireCodec(WireRegistry.builder().registerUserType(Named.class).build(), 1 << 16);
        assertEquals(new Named(null, ""), codec.decode(codec.encode(new Named(null, ""))));
        assertEquals(new Named("ü", "x"), codec.decode(codec.encode(new Named("ü", "x"))));
    }

    public record Named(String first, String second) {
    }

    @Test
    void legitimateContainersStillRoundTrip() {
        Map<Object, Object> map = new HashMap<>(Map.of("a", 1L, "b", new ArrayList<>()));
        map.put("c", new ArrayList<>(List.of("x", "é", 3)));
        Object[] values = {"one", 2, null, new byte[] {1, 2, 3}, new String[] {"s", null, "", "ünïcode"}, map};

        Object[] back = (Object[]) codec.decode(codec.encode(values));

        assertEquals("one", back[0]);
        assertEquals(2, back[1]);
        assertEquals(null, back[2]);
        assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) back[3]);
        assertArrayEquals(new String[] {"s", null, "", "ünïcode"}, (String[]) back[4]);
        assertEquals(new HashMap<>(Map.of("a", 1L, "b", new ArrayList<>(), "c", new ArrayList<>(List.of("x", "é", 3)))), back[5]);
    }

    /** Writes nesting deeper than the decoder allows, with a Kryo that has no depth limit. */
    private static byte[] encodeUnbounded(Object value) {
        var kryo = WireRegistry.builder().build().newKryo();
        kryo.setMaxDepth(Integer.MAX_VALUE);
        var out = new com.esotericsoftware.kryo.io.Output(1 << 16, 1 << 22);
        try {
            kryo.writeClassAndObject(out, value);
        } catch (StackOverflowError e) {
            throw new IllegalStateException("the writer itself overflowed; use less nesting", e);
        }
        return out.toBytes();
    }
}
