package io.gearpump.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GearConfigTest {

    @TempDir
    Path dir;

    @Test
    void defaults() {
        GearConfig c = GearConfig.defaults();

        assertEquals(8192, c.get(GearConfig.INBOX_CAPACITY));
        assertEquals(512, c.get(GearConfig.BATCH_SIZE));
        assertEquals(100, c.get(GearConfig.WATERMARK_INTERVAL_MS));
        assertEquals("127.0.0.1:3000", c.get(GearConfig.MASTERS));
        assertTrue(c.withPrefix("gearpump.serializers.").isEmpty());
    }

    @Test
    void fileWithOverridesOverItIsLoadedAndValidated() throws IOException {
        Path file = dir.resolve("gear.conf");
        Files.writeString(file, """
                # the engine's settings
                gearpump.task.inbox.capacity = 1000
                gearpump.task.batch.size = 50
                gearpump.cluster.masters = m1:3000,m2:3000
                unrelated.setting = whatever
                """);
        Map<String, String> settings = new HashMap<>(GearConfig.readFile(file));
        settings.put("gearpump.task.batch.size", "64");

        GearConfig c = GearConfig.of(settings);

        assertEquals(1000, c.get(GearConfig.INBOX_CAPACITY));
        assertEquals(64, c.get(GearConfig.BATCH_SIZE), "the override wins over the file");
        assertEquals("m1:3000,m2:3000", c.get(GearConfig.MASTERS));
        assertEquals(100, c.get(GearConfig.WATERMARK_INTERVAL_MS), "keys the file does not set keep their default");
    }

    @Test
    void loadReadsTheFileNamedBySystemPropertyWithSystemPropertiesOverIt() throws IOException {
        Path file = dir.resolve("gear.conf");
        Files.writeString(file, "gearpump.task.inbox.capacity=300\ngearpump.task.batch.size=30\n");
        String batchKey = GearConfig.BATCH_SIZE.name();
        String oldFile = System.getProperty(GearConfig.CONF_FILE_PROPERTY);
        String oldBatch = System.getProperty(batchKey);
        try {
            System.setProperty(GearConfig.CONF_FILE_PROPERTY, file.toString());
            System.setProperty(batchKey, "40");

            GearConfig c = GearConfig.load();

            assertEquals(300, c.get(GearConfig.INBOX_CAPACITY));
            assertEquals(40, c.get(GearConfig.BATCH_SIZE));
        } finally {
            restore(GearConfig.CONF_FILE_PROPERTY, oldFile);
            restore(batchKey, oldBatch);
        }
    }

    @Test
    void missingFileIsReportedWithItsPath() {
        Path missing = dir.resolve("nope.conf");

        ConfigException e = assertThrows(ConfigException.class, () -> GearConfig.readFile(missing));

        // the path once: NoSuchFileException's own message is nothing but the path again
        assertEquals("cannot read configuration file " + missing + ": no such file", e.getMessage());
    }

    @Test
    void unknownKeyIsNamedWithTheCloseKnownOneSuggested() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.task.inbox.capacty", "10")));

        assertTrue(e.getMessage().startsWith("unknown configuration key 'gearpump.task.inbox.capacty'"
                + " (did you mean 'gearpump.task.inbox.capacity'?)"), e.getMessage());
        assertTrue(e.getMessage().contains("gearpump.serializers.*"), e.getMessage());
    }

    @Test
    void unknownKeyFarFromEveryKnownOneGetsNoSuggestionButTheList() {
        ConfigException e = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.wormhole.enabled", "true")));

        assertFalse(e.getMessage().contains("did you mean"), e.getMessage());
        assertTrue(e.getMessage().startsWith("unknown configuration key 'gearpump.wormhole.enabled'; known keys: ["),
                e.getMessage());
        for (ConfigKey<?> key : GearConfig.KEYS) {
            assertTrue(e.getMessage().contains(key.name()), e.getMessage());
        }
    }

    @Test
    void malformedValueIsReportedWithKeyValueAndWhatIsExpected() {
        ConfigException word = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.task.batch.size", "lots")));
        assertEquals("configuration 'gearpump.task.batch.size' = 'lots' is not valid: expected a positive integer",
                word.getMessage());

        ConfigException zero = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.task.inbox.capacity", "0")));
        assertEquals("configuration 'gearpump.task.inbox.capacity' = '0' is not valid: expected a positive integer",
                zero.getMessage());

        ConfigException blank = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.cluster.masters", "  ")));
        assertEquals("configuration 'gearpump.cluster.masters' = '  ' is not valid: expected a non-empty string",
                blank.getMessage());
    }

    @Test
    void maxRestartsMayBeZeroButNotNegative() {
        assertEquals(0, GearConfig.defaults().with("gearpump.app.max.restarts", "0").get(GearConfig.APP_MAX_RESTARTS),
                "0: never restart");

        ConfigException negative = assertThrows(ConfigException.class,
                () -> GearConfig.of(Map.of("gearpump.app.max.restarts", "-1")));
        assertEquals("configuration 'gearpump.app.max.restarts' = '-1' is not valid: expected an integer of 0 or more",
                negative.getMessage());
    }

    @Test
    void aSwitchIsTrueOrFalseAndNothingElse() {
        GearConfig base = GearConfig.defaults();
        assertTrue(base.get(GearConfig.EXECUTOR_CLASS_ARCHIVE));
        assertEquals(false, base.with("gearpump.executor.class.archive", " false ").get(GearConfig.EXECUTOR_CLASS_ARCHIVE));

        ConfigException typo = assertThrows(ConfigException.class, () -> base.with("gearpump.executor.class.archive", "no"));
        assertTrue(typo.getMessage().contains("'gearpump.executor.class.archive' = 'no'")
                && typo.getMessage().contains("true or false"), typo.getMessage());
    }

    @Test
    void valuesAreTrimmedAndNonGearpumpKeysIgnored() {
        GearConfig c = GearConfig.of(Map.of("gearpump.task.inbox.capacity", " 64 ", "java.home", "/x", "other", "y"));

        assertEquals(64, c.get(GearConfig.INBOX_CAPACITY));
        assertFalse(c.toString().contains("java.home"), c.toString());
    }

    @Test
    void serializerPrefixKeysAreAcceptedAndReadableByPrefix() {
        GearConfig c = GearConfig.of(Map.of(
                "gearpump.serializers.com.example.Point", "com.example.PointSerializer",
                "gearpump.serializers.java.util.UUID", ""));

        assertEquals(Map.of("com.example.Point", "com.example.PointSerializer", "java.util.UUID", ""),
                c.withPrefix("gearpump.serializers."));
    }

    @Test
    void withAddsASettingValidatedLikeTheRest() {
        GearConfig base = GearConfig.of(Map.of("gearpump.task.batch.size", "8"));

        GearConfig more = base.with("gearpump.task.inbox.capacity", "16");

        assertEquals(16, more.get(GearConfig.INBOX_CAPACITY));
        assertEquals(8, more.get(GearConfig.BATCH_SIZE), "earlier settings are kept");
        assertEquals(8192, base.get(GearConfig.INBOX_CAPACITY), "the original is unchanged");
        assertThrows(ConfigException.class, () -> base.with("gearpump.task.batch.size", "-1"));
        assertThrows(ConfigException.class, () -> base.with("gearpump.task.batchsize", "1"));
    }

    private static void restore(String key, String old) {
        if (old == null) {
            System.clearProperty(key);
        } else {
            System.setProperty(key, old);
        }
    }

    @Test
    void theRestPortMayBeAnyFreePortOrOffAndIsKnownToBeSetOrNot() {
        assertEquals(8090, GearConfig.defaults().get(GearConfig.REST_PORT));
        assertFalse(GearConfig.defaults().isSet(GearConfig.REST_PORT));
        GearConfig off = GearConfig.defaults().with(GearConfig.REST_PORT.name(), "-1");
        assertEquals(-1, off.get(GearConfig.REST_PORT));
        assertTrue(off.isSet(GearConfig.REST_PORT));
        assertEquals(0, GearConfig.defaults().with(GearConfig.REST_PORT.name(), "0").get(GearConfig.REST_PORT));
        ConfigException e = assertThrows(ConfigException.class, () -> GearConfig.defaults().with(GearConfig.REST_PORT.name(), "-2"));
        assertTrue(e.getMessage().contains("gearpump.rest.port") && e.getMessage().contains("-1 for no REST API"), e.getMessage());
        assertFalse(GearConfig.defaults().get(GearConfig.REST_READS_OPEN));
    }
}
