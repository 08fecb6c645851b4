package io.gearpump.master;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;

import org.junit.jupiter.api.Test;

/** The master's command line, as the README's recipe for three masters on one host uses it. */
class MasterMainTest {

    private final GearConfig config = GearConfig.defaults().with(GearConfig.MASTERS.name(), "127.0.0.1:3000,127.0.0.1:3001");

    @Test
    void eachMasterOnOneHostGetsItsOwnPortAndRestPort() {
        MasterMain.Options second = MasterMain.parse(new String[] {"-port", "3001", "-restport", "8091"}, config);

        assertEquals(3001, second.bind().getPort());
        assertEquals("127.0.0.1", second.bind().getHostString());
        assertEquals(8091, second.restPort());
        MasterMain.Options plain = MasterMain.parse(new String[0], config);
        assertEquals(3000, plain.bind().getPort(), "the first master of the group");
        assertNull(plain.restPort(), "the configuration's REST port");
        assertEquals(-1, MasterMain.parse(new String[] {"-restport", "-1"}, config).restPort(), "no REST API");
    }

    @Test
    void badOptionsAreRefusedNamingThem() {
        IllegalArgumentException unknown = assertThrows(IllegalArgumentException.class,
                () -> MasterMain.parse(new String[] {"-rest", "8091"}, config));
        assertTrue(unknown.getMessage().contains("'-rest'") && unknown.getMessage().contains("-restport"), unknown.getMessage());
        IllegalArgumentException port = assertThrows(IllegalArgumentException.class,
                () -> MasterMain.parse(new String[] {"-restport", "http"}, config));
        assertEquals("-restport must be -1..65535, got 'http'", port.getMessage());
        assertThrows(IllegalArgumentException.class, () -> MasterMain.parse(new String[] {"-port"}, config));
    }
}
