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

    @Test
    void onlyTheLogsOfTheLatestEndedApplicationsStay() throws Exception {
        Path logs = Files.createDirectories(dir.resolve("logs"));
        for (int app = 1; app <= 5; app++) {
            for (int executor = 0; executor < 2; executor++) {
                Path log = Files.writeString(logs.resolve("app-" + app + "-executor-" + executor + ".log"), "ran\n");
                Files.setLastModifiedTime(log, java.nio.file.attribute.FileTime.fromMillis(1_000_000L * app));
            }
        }
        ProcessLauncher launcher = new ProcessLauncher(dir, GearConfig.defaults().with(GearConfig.EXECUTOR_CLASS_ARCHIVE.name(), "false")
                .with(GearConfig.WORKER_LOGS_RETAINED.name(), "2"));

        launcher.stop(5);

        try (var files = Files.list(logs)) {
            assertEquals(java.util.List.of("app-4-executor-0.log", "app-4-executor-1.log", "app-5-executor-0.log", "app-5-executor-1.log"),
                    files.map(f -> f.getFileName().toString()).sorted().toList(), "the two latest ended applications' logs");
        }
    }
}
