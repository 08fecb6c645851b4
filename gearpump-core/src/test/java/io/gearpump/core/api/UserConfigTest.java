package io.gearpump.core.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class UserConfigTest {

    @Test
    void withReturnsANewConfigAndLeavesTheOldOneAlone() {
        UserConfig base = UserConfig.empty().with("a", "1");
        UserConfig more = base.with("b", 2L).with("c", true).with("d", 0.5);

        assertEquals(Map.of("a", "1"), base.asMap());
        assertEquals(Map.of("a", "1", "b", "2", "c", "true", "d", "0.5"), more.asMap());
        assertTrue(UserConfig.empty().asMap().isEmpty());
    }

    @Test
    void typedGettersParseOrFallBackToTheDefault() {
        UserConfig c = UserConfig.of(Map.of("n", " 12 ", "big", "5000000000", "ratio", "0.25", "on", "TRUE"));

        assertEquals(12, c.getInt("n", 0));
        assertEquals(5_000_000_000L, c.getLong("big", 0));
        assertEquals(0.25, c.getDouble("ratio", 0));
        assertTrue(c.getBoolean("on", false));
        assertEquals(7, c.getInt("missing", 7));
        assertFalse(c.getBoolean("missing", false));
        assertEquals(Optional.empty(), c.getString("missing"));
        assertEquals("dflt", c.getString("missing", "dflt"));
    }

    @Test
    void valueThatDoesNotParseIsReportedWithKeyAndValue() {
        UserConfig c = UserConfig.of(Map.of("count", "ten", "flag", "yes"));

        assertEquals("config 'count' = 'ten' is not an integer",
                assertThrows(IllegalArgumentException.class, () -> c.getLong("count", 0)).getMessage());
        assertEquals("config 'count' = 'ten' is not a number",
                assertThrows(IllegalArgumentException.class, () -> c.getDouble("count", 0)).getMessage());
        assertEquals("config 'flag' = 'yes' is not true or false",
                assertThrows(IllegalArgumentException.class, () -> c.getBoolean("flag", false)).getMessage());
    }

    @Test
    void withAllLaysTheOtherConfigOver() {
        UserConfig app = UserConfig.of(Map.of("shared", "app", "appOnly", "x"));
        UserConfig processor = UserConfig.of(Map.of("shared", "processor", "processorOnly", "y"));

        assertEquals(Map.of("shared", "processor", "appOnly", "x", "processorOnly", "y"), app.withAll(processor).asMap());
        assertEquals(app, app.withAll(UserConfig.empty()));
    }
}
