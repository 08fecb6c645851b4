package io.gearpump.core.state;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.KeyGroups;
import io.gearpump.core.api.LongValueState;
import io.gearpump.core.api.MapState;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.checkpoint.CheckpointException;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.core.serialization.WireRegistry;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;

class ManagedStateTest {

    private final WireRegistry registry = WireRegistry.builder().build();
    private final WireCodec codec = new WireCodec(registry, 64 << 20);
    private final Key key = new Key();

    /** The key of "the message being handled", set by the test. */
    private static final class Key implements CurrentKey {
        private Object key;
        private long serial;

        void handle(Object k) {
            key = k;
            serial++;
        }

        @Override
        public long serial() {
            return serial;
        }

        @Override
        public Object key() {
            if (key == null) {
                throw new IllegalStateException("no message");
            }
            return key;
        }

        @Override
        public int group(Object k) {
            return KeyGroups.of(k);
        }
    }

    private ManagedState fresh() {
        return new ManagedState("task 1.0", 0, 1, key, registry::encodes, Map.of());
    }

    private ManagedState restoredFrom(byte[] snapshot) {
        return new ManagedState("task 1.0", 0, 1, key, registry::encodes, SnapshotFormat.decode(codec, snapshot, "test").states());
    }

    private byte[] encode(ManagedState state) {
        return SnapshotFormat.encode(codec, null, state.snapshot());
    }

    @Test
    void everyKindOfStateComesBackFromItsSnapshot() {
        ManagedState state = fresh();
        state.value("total", Long.class).set(42L);
        MapState<String, Integer> lengths = state.map("lengths", String.class, Integer.class);
        ValueState<Long> perWord = state.keyedValue("count", String.class, Long.class);
        MapState<String, Long> perWordSeen = state.keyedMap("seen", String.class, String.class, Long.class);
        for (int i = 0; i < 5_000; i++) {
            String word = "w" + i;
            lengths.put(word, word.length());
            key.handle(word);
            perWord.set((long) i);
            perWordSeen.put("first", (long) i);
            perWordSeen.put("last", (long) i + 1);
        }

        ManagedState back = restoredFrom(encode(state));

        assertEquals(42L, back.value("total", Long.class).get());
        MapState<String, Integer> lengthsBack = back.map("lengths", String.class, Integer.class);
        assertEquals(5_000, lengthsBack.size());
        assertEquals(5, lengthsBack.get("w4999"));
        ValueState<Long> perWordBack = back.keyedValue("count", String.class, Long.class);
        MapState<String, Long> seenBack = back.keyedMap("seen", String.class, String.class, Long.class);
        for (int i = 0; i < 5_000; i += 499) {
            key.handle("w" + i);
            assertEquals(i, perWordBack.get(), "count of " + key.key);
            assertEquals(Map.of("first", (long) i, "last", (long) i + 1), toMap(seenBack), "map of " + key.key);
        }
        key.handle("never seen");
        assertNull(perWordBack.get());
        assertEquals(0, seenBack.size());
    }

    @Test
    void aSnapshotKeepsWhatItSawWhileTheTaskGoesOn() {
        ManagedState state = fresh();
        MapState<Integer, String> map = state.map("m", Integer.class, String.class);
        ValueState<Long> counts = state.keyedValue("c", String.class, Long.class);
        MapState<String, Long> fields = state.keyedMap("f", String.class, String.class, Long.class);
        for (int i = 0; i < 1_000; i++) {
            map.put(i, "before");
        }
        key.handle("k");
        counts.set(1L);
        fields.put("a", 1L);

        StateSnapshot taken = state.snapshot();
        for (int i = 0; i < 1_000; i++) {
            map.put(i, "after");
        }
        map.put(5_000, "new");
        counts.set(2L);
        fields.put("a", 2L);
        fields.put("b", 2L);
        ManagedState back = restoredFrom(SnapshotFormat.encode(codec, null, taken)); // encoded after the changes

        MapState<Integer, String> mapBack = back.map("m", Integer.class, String.class);
        assertEquals(1_000, mapBack.size());
        assertEquals("before", mapBack.get(7));
        assertEquals(1L, back.keyedValue("c", String.class, Long.class).get());
        assertEquals(Map.of("a", 1L), toMap(back.keyedMap("f", String.class, String.class, Long.class)));
        assertEquals("after", map.get(7), "the task's own view has its changes");
        assertEquals(Map.of("a", 2L, "b", 2L), toMap(fields));
    }

    @Test
    void aTypeThatIsNotRegisteredIsRefusedWhenDeclaredNamingTheSettingToAdd() {
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> fresh().keyedValue("when", String.class, java.time.Instant.class));
        assertTrue(e.getMessage().contains("'gearpump.serializers.java.time.Instant ='"), e.getMessage());
        assertTrue(e.getMessage().contains("'when'"), e.getMessage());
    }

    @Test
    void aRestoredStateTheTaskHasNotDeclaredYetIsKeptInTheNextSnapshot() {
        ManagedState state = fresh();
        state.map("later", String.class, Long.class).put("a", 1L);
        state.value("now", Long.class).set(2L);

        ManagedState restarted = restoredFrom(encode(state));
        restarted.value("now", Long.class).set(3L); // "later" is not declared in this run
        ManagedState again = restoredFrom(encode(restarted));

        assertEquals(1L, again.map("later", String.class, Long.class).get("a"));
        assertEquals(3L, again.value("now", Long.class).get());
    }

    @Test
    void anEnumKeyHasTheGroupOfItsNameOnEveryJvm() {
        assertEquals(KeyGroups.of("SECONDS"), KeyGroups.of(java.util.concurrent.TimeUnit.SECONDS));
        assertEquals(KeyGroups.of(new byte[] {1, 2}), KeyGroups.of(new byte[] {1, 2}), "an array by its contents");
    }

    @Test
    void primitiveTypesAreTheirBoxes() {
        ManagedState state = fresh();
        ValueState<Long> n = state.value("n", long.class);
        n.set(3L);
        assertEquals(3L, restoredFrom(encode(state)).value("n", long.class).get());
    }

    @Test
    void declaringANameAgainGivesTheSameStateOrSaysWhatItIs() {
        ManagedState state = fresh();
        ValueState<Long> a = state.value("a", Long.class);
        assertSame(a, state.value("a", Long.class));
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.map("a", String.class, Long.class));
        assertTrue(e.getMessage().contains("already declared as value state"), e.getMessage());
    }

    @Test
    void aLongStateCountsPerKeyAndComesBackFromItsSnapshot() {
        ManagedState state = fresh();
        LongValueState perWord = state.keyedLong("count", String.class);
        LongValueState total = state.longValue("total");
        for (String word : List.of("a", "b", "a", "c", "a")) {
            key.handle(word);
            perWord.add(1);
            total.add(1);
        }
        key.handle("b");
        perWord.clear();
        assertFalse(perWord.isSet());
        assertEquals(0, perWord.get());

        ManagedState back = restoredFrom(encode(state));
        LongValueState restored = back.keyedLong("count", String.class);
        key.handle("a");
        assertEquals(3, restored.get());
        key.handle("c");
        assertTrue(restored.isSet());
        assertEquals(2, restored.add(1));
        key.handle("b");
        assertFalse(restored.isSet(), "a cleared key stays cleared");
        assertEquals(5, back.longValue("total").get());
        assertFalse(fresh().longValue("unset").isSet());
    }

    /** A counter may move from ValueState<Long> to LongValueState (and back) between runs: the checkpoint is the same. */
    @Test
    void aLongStateRestoresWhatAValueStateOfLongWroteAndTheOtherWayRound() {
        ManagedState boxed = fresh();
        ValueState<Long> count = boxed.keyedValue("count", String.class, Long.class);
        key.handle("w");
        count.set(7L);
        boxed.value("total", Long.class).set(9L);

        ManagedState unboxed = restoredFrom(encode(boxed));
        LongValueState asLong = unboxed.keyedLong("count", String.class);
        key.handle("w");
        assertEquals(8, asLong.add(1));
        assertEquals(9, unboxed.longValue("total").get());

        ManagedState boxedAgain = restoredFrom(encode(unboxed));
        key.handle("w");
        assertEquals(8L, boxedAgain.keyedValue("count", String.class, Long.class).get());
        assertEquals(9L, boxedAgain.value("total", Long.class).get());
    }

    @Test
    void aNameDeclaredAsValueStateOfLongIsNotAlsoALongState() {
        ManagedState state = fresh();
        state.keyedValue("count", String.class, Long.class);
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> state.keyedLong("count", String.class));
        assertTrue(e.getMessage().contains("already declared as keyed value state of [String, Long], not as keyed long state"),
                e.getMessage());
    }

    @Test
    void aCheckpointOfAnotherKindOrTypeIsRefusedNamingTheState() {
        ManagedState state = fresh();
        state.value("a", Long.class).set(1L);
        byte[] snapshot = encode(state);

        IllegalStateException kind = assertThrows(IllegalStateException.class,
                () -> restoredFrom(snapshot).map("a", String.class, Long.class));
        assertTrue(kind.getMessage().contains("'a' is a value state in the checkpoint"), kind.getMessage());
        IllegalStateException type = assertThrows(IllegalStateException.class, () -> restoredFrom(snapshot).value("a", String.class));
        assertTrue(type.getMessage().contains("holds a java.lang.Long in the checkpoint"), type.getMessage());
    }

    @Test
    void aKeyOfAGroupTheTaskDoesNotOwnIsRefused() {
        int group = KeyGroups.of("x");
        int owner = KeyGroups.taskOf(group, 2);
        ManagedState other = new ManagedState("task 1." + (1 - owner), 1 - owner, 2, key, registry::encodes, Map.of());
        ValueState<Long> counts = other.keyedValue("c", String.class, Long.class);
        key.handle("x");
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> counts.set(1L));
        assertTrue(e.getMessage().contains("group " + group), e.getMessage());
    }

    @Test
    void keyGroupsSplitEvenlyAndEveryGroupHasExactlyOneOwner() {
        for (int parallelism : new int[] {1, 2, 3, 7, 100, KeyGroups.COUNT}) {
            int covered = 0;
            for (int task = 0; task < parallelism; task++) {
                int first = KeyGroups.firstOf(task, parallelism);
                int end = KeyGroups.endOf(task, parallelism);
                assertEquals(covered, first, "task " + task + " of " + parallelism + " starts where the previous ended");
                assertTrue(end - first >= KeyGroups.COUNT / parallelism && end - first <= KeyGroups.COUNT / parallelism + 1);
                for (int g = first; g < end; g++) {
                    assertEquals(task, KeyGroups.taskOf(g, parallelism));
                }
                covered = end;
            }
            assertEquals(KeyGroups.COUNT, covered);
        }
    }

    @Test
    void bytesThatAreNotASnapshotAreRefusedNamingTheirSource() {
        byte[] damaged = encode(fresh());
        damaged[0] ^= 0x10;
        CheckpointException e = assertThrows(CheckpointException.class, () -> SnapshotFormat.decode(codec, damaged, "file x"));
        assertTrue(e.getMessage().startsWith("file x"), e.getMessage());
    }

    @Test
    void aTaskOwnSnapshotTravelsWithItsManagedState() {
        ManagedState state = fresh();
        state.value("v", String.class).set("managed");
        HashMap<String, Long> own = new HashMap<>(Map.of("own", 7L));
        RestoredSnapshot back = SnapshotFormat.decode(codec, SnapshotFormat.encode(codec, codec.encode(own), state.snapshot()), "t");
        assertTrue(back.hasCustom());
        assertEquals(own, back.custom());
        assertEquals("managed", new ManagedState("t", 0, 1, key, registry::encodes, back.states()).value("v", String.class).get());
    }

    private static <K, V> Map<K, V> toMap(MapState<K, V> state) {
        Map<K, V> out = new TreeMap<>();
        state.entries().forEach(e -> out.put(e.getKey(), e.getValue()));
        return out;
    }
}
