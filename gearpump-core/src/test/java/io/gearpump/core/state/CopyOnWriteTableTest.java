package io.gearpump.core.state;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class CopyOnWriteTableTest {

    private static Map<Object, Object> contents(FrozenEntries frozen) {
        Map<Object, Object> m = new HashMap<>();
        frozen.forEach((k, v) -> {
            if (m.put(k, v) != null) {
                throw new AssertionError("key " + k + " twice in a snapshot");
            }
        });
        assertEquals(m.size(), frozen.count(), "count of the snapshot");
        return m;
    }

    /** The table holds {@code model}, and every snapshot still what it held when it was taken. */
    private static void assertKept(long seed, Map<Object, Object> model, CopyOnWriteTable table, List<FrozenEntries> snapshots,
                                   List<Map<Object, Object>> expected) {
        assertEquals(model, contents(table.freeze()), "seed " + seed + ": the table at the end");
        for (int i = 0; i < snapshots.size(); i++) {
            assertEquals(expected.get(i), contents(snapshots.get(i)), "seed " + seed + ": snapshot " + i + " changed");
        }
    }

    /** Gets, sets and removals against a HashMap, with snapshots taken on the way: each stays as it was taken. */
    @Test
    void behavesLikeAMapAndEverySnapshotKeepsWhatItTook() {
        for (long seed = 1; seed <= 20; seed++) {
            Random random = new Random(seed);
            CopyOnWriteTable table = new CopyOnWriteTable();
            Map<Object, Object> model = new HashMap<>();
            List<FrozenEntries> snapshots = new ArrayList<>();
            List<Map<Object, Object>> expected = new ArrayList<>();
            int keys = 1 + random.nextInt(2_000);
            for (int serial = 1; serial <= 20_000; serial++) {
                String key = "k" + random.nextInt(keys);
                Object before = table.get(key, serial);
                assertEquals(model.get(key), before, "seed " + seed + ": value of " + key);
                int op = random.nextInt(10);
                if (op < 6) {
                    long next = before == null ? 1 : (Long) before + 1;
                    table.put(key, random.nextInt(4) == 0 ? serial + 1 : serial, next); // sometimes not the lookup's message
                    model.put(key, next);
                } else if (op < 8) {
                    table.put(key, serial, null);
                    model.remove(key);
                }
                if (random.nextInt(1_000) == 0) {
                    snapshots.add(table.freeze());
                    expected.add(new HashMap<>(model));
                }
            }
            assertKept(seed, model, table, snapshots, expected);
        }
    }

    /** Keys with one hash share a run of slots; removing one must not hide the others. */
    @Test
    void removingAKeyKeepsTheKeysThatCollidedWithItFindable() {
        CopyOnWriteTable table = new CopyOnWriteTable();
        List<String> colliding = List.of("Aa", "BB", "AaAa", "BBBB", "AaBB", "BBAa"); // "Aa" and "BB" hash alike
        int serial = 0;
        for (String k : colliding) {
            table.put(k, ++serial, k.length());
        }
        table.put("BB", ++serial, null);
        table.put("AaAa", ++serial, null);
        assertNull(table.get("BB", ++serial));
        assertNull(table.get("AaAa", ++serial));
        for (String k : List.of("Aa", "BBBB", "AaBB", "BBAa")) {
            assertEquals(k.length(), table.get(k, ++serial), k);
        }
        assertEquals(Map.of("Aa", 2, "BBBB", 4, "AaBB", 4, "BBAa", 4), contents(table.freeze()));
    }

    /** The slot a lookup found serves the set of the same message only: another message's key goes where it belongs. */
    @Test
    void aLookupsSlotIsNotUsedForAnotherMessagesKey() {
        CopyOnWriteTable table = new CopyOnWriteTable();
        table.put("a", 1, 1L);
        table.get("a", 2);
        table.put("b", 3, 5L); // a later message, another key
        table.get("c", 4); // absent: remembers where "c" would go
        table.put("d", 5, 7L);
        assertEquals(Map.of("a", 1L, "b", 5L, "d", 7L), contents(table.freeze()));
    }

    /** A value set after a snapshot goes to a copy: the value the snapshot holds is not changed in place. */
    @Test
    void aValueSetAfterASnapshotLeavesTheSnapshotsValue() {
        CopyOnWriteTable table = new CopyOnWriteTable();
        table.put("word", 1, 1L);
        FrozenEntries first = table.freeze();
        table.get("word", 2);
        table.put("word", 2, 2L);
        table.put("word", 3, 3L); // the new entry is the table's own now: changed in place
        FrozenEntries second = table.freeze();
        table.put("word", 4, 4L);
        assertEquals(Map.of("word", 1L), contents(first));
        assertEquals(Map.of("word", 3L), contents(second));
        assertEquals(4L, table.get("word", 5));
    }

    /** Long values against a HashMap, with snapshots on the way: kept unboxed, they copy on write like any value. */
    @Test
    void longValuesBehaveLikeAMapAndEverySnapshotKeepsWhatItTook() {
        for (long seed = 1; seed <= 10; seed++) {
            Random random = new Random(seed);
            CopyOnWriteTable table = new CopyOnWriteTable();
            Map<Object, Object> model = new HashMap<>();
            List<FrozenEntries> snapshots = new ArrayList<>();
            List<Map<Object, Object>> expected = new ArrayList<>();
            int keys = 1 + random.nextInt(1_000);
            for (int serial = 1; serial <= 10_000; serial++) {
                String key = "k" + random.nextInt(keys);
                long before = table.getLong(key, serial, -1);
                assertEquals(model.getOrDefault(key, -1L), before, "seed " + seed + ": value of " + key);
                assertEquals(model.containsKey(key), table.contains(key, serial), "seed " + seed + ": " + key + " has a value");
                int op = random.nextInt(10);
                if (op < 4) {
                    long next = before + 2;
                    table.putLong(key, random.nextInt(4) == 0 ? serial + 1 : serial, next); // sometimes not the lookup's message
                    model.put(key, next);
                } else if (op < 7) {
                    long delta = random.nextInt(5) - 2;
                    long sum = (model.containsKey(key) ? (Long) model.get(key) : 0) + delta;
                    assertEquals(sum, table.addLong(key, delta), "seed " + seed + ": the sum for " + key);
                    model.put(key, sum);
                } else if (op < 9) {
                    table.remove(key, serial);
                    model.remove(key);
                }
                if (random.nextInt(500) == 0) {
                    snapshots.add(table.freeze());
                    expected.add(new HashMap<>(model));
                }
            }
            assertKept(seed, model, table, snapshots, expected);
        }
    }

    @Test
    void aRestoredLongIsFoundAndSnapshotsAsALong() {
        CopyOnWriteTable table = new CopyOnWriteTable();
        table.restoreLong("word", 41);
        assertEquals(41L, table.getLong("word", 1, 0));
        table.putLong("word", 1, 42);
        assertEquals(Map.of("word", 42L), contents(table.freeze()));
    }
}
