package io.gearpump.worker.daemon;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClassDataArchiveTest {

    @TempDir
    Path dir;

    @Test
    void theFirstLaunchRecordsAndEveryLaunchAfterItsExitMapsTheArchive() throws IOException {
        ClassDataArchive archive = ClassDataArchive.in(dir.resolve("archive"), classPath("a.jar", "b.jar")).orElseThrow();

        ClassDataArchive.Use first = archive.nextLaunch();
        assertTrue(first.records());
        Path recording = recordingPath(first);
        assertEquals(ClassDataArchive.Use.NONE, archive.nextLaunch(), "one recording at a time");

        Files.write(recording, new byte[] {1, 2, 3}); // what the JVM writes as it exits
        archive.exited(first, 143); // a polite stop still writes the archive
        assertTrue(Files.isRegularFile(archive.file()));
        assertFalse(Files.exists(recording));

        ClassDataArchive.Use later = archive.nextLaunch();
        assertFalse(later.records());
        assertTrue(later.jvmOptions().contains("-XX:SharedArchiveFile=" + archive.file()), later.jvmOptions().toString());
    }

    @Test
    void aRecordingJvmThatWasKilledLeavesNoArchiveAndTheNextLaunchRecordsAgain() throws IOException {
        ClassDataArchive archive = ClassDataArchive.in(dir.resolve("archive"), classPath("a.jar")).orElseThrow();
        ClassDataArchive.Use first = archive.nextLaunch();
        Files.write(recordingPath(first), new byte[] {1}); // perhaps half written

        archive.exited(first, 137);

        assertFalse(Files.exists(archive.file()));
        assertTrue(archive.nextLaunch().records());
    }

    @Test
    void aRebuiltJarNeedsAnArchiveOfItsOwn() throws IOException {
        String classPath = classPath("a.jar");
        Path before = ClassDataArchive.in(dir.resolve("archive"), classPath).orElseThrow().file();

        Path jar = Path.of(classPath);
        Files.setLastModifiedTime(jar, FileTime.fromMillis(Files.getLastModifiedTime(jar).toMillis() + 5_000));

        assertNotEquals(before, ClassDataArchive.in(dir.resolve("archive"), classPath).orElseThrow().file());
    }

    @Test
    void aClassPathWithADirectoryCannotBeArchived() throws IOException {
        Path classes = Files.createDirectories(dir.resolve("classes"));
        assertTrue(ClassDataArchive.in(dir.resolve("archive"), classPath("a.jar") + File.pathSeparator + classes).isEmpty());
    }

    private String classPath(String... jars) throws IOException {
        StringBuilder out = new StringBuilder();
        for (String name : jars) {
            Path jar = Files.write(dir.resolve(name), new byte[] {'P', 'K'});
            out.append(out.isEmpty() ? "" : File.pathSeparator).append(jar);
        }
        return out.toString();
    }

    private static Path recordingPath(ClassDataArchive.Use use) {
        List<String> recording = use.jvmOptions().stream().filter(o -> o.startsWith("-XX:ArchiveClassesAtExit=")).toList();
        assertEquals(1, recording.size(), use.jvmOptions().toString());
        return Path.of(recording.get(0).substring("-XX:ArchiveClassesAtExit=".length()));
    }
}
