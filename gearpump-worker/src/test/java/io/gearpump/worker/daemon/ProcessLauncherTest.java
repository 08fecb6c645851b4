package io.gearpump.worker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.config.GearConfig;

import java.nio.file.Files;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ProcessLauncherTest {

    @TempDir
    Path dir;

    @Test
    void anEndedApplicationsJarAndDescriptionLeaveTheDiskAndItsLogsStay() throws Exception {
        Path app = Files.createDirectories(dir.resolve("app-7"));
        Files.write(app.resolve("wordcount.jar"), new byte[100_000]);
        Files.write(app.resolve("app.description"), new byte[100]);
        Path log = Files.writeString(Files.createDirectories(dir.resolve("logs")).resolve("app-7-executor-1.log"), "ran\n");
        Path other = Files.createDirectories(dir.resolve("app-8"));
        ProcessLauncher launcher = new ProcessLauncher(dir, GearConfig.defaults().with(GearConfig.EXECUTOR_CLASS_ARCHIVE.name(), "false"));

        launcher.stop(7);

        assertFalse(Files.exists(app), "the ended application's files are gone");
        assertEquals("ran\n", Files.readString(log), "its executors' logs stay");
        assertTrue(Files.isDirectory(other), "another application's files stay");
        launcher.stop(9); // nothing of it here: no error
    }
}
