package io.gearpump.core.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

class DistributionConfTest {

    @Test
    void aDaemonJarFindsTheDistributionsConfigurationBesideIt(@TempDir Path dist) throws Exception {
        Path jar = Files.createFile(dist.resolve("gearpump-master.jar"));
        Path conf = Files.createDirectories(dist.resolve("conf")).resolve("gear.conf");

        assertEquals(Optional.empty(), DistributionConf.besideJar(jar.toString()), "no conf/gear.conf yet");
        Files.writeString(conf, "gearpump.rest.port = 8095\n");
        assertEquals(Optional.of(conf), DistributionConf.besideJar(jar.toString()));
    }

    @Test
    void otherClassPathsAreLeftAlone(@TempDir Path dist) throws Exception {
        Path jar = Files.createFile(dist.resolve("app.jar"));
        Files.createDirectories(dist.resolve("conf"));
        Files.writeString(dist.resolve("conf").resolve("gear.conf"), "");

        assertTrue(DistributionConf.besideJar(jar + File.pathSeparator + dist.resolve("other.jar")).isEmpty(), "several entries");
        assertTrue(DistributionConf.besideJar(dist.toString()).isEmpty(), "a class directory, as in tests");
        assertTrue(DistributionConf.besideJar("").isEmpty());
    }
}
