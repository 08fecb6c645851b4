package io.gearpump.worker.daemon;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A class-data archive (the JDK's dynamic AppCDS) of the classes an executor JVM loads, so that
 * executors start sooner: parsing and verifying the engine's classes is most of a fresh JVM's
 * start. The first executor launched records the archive as it exits (one recording at a time;
 * the file is moved into place only after its JVM exited on its own or by a polite stop), and every
 * later launch maps it. The archive's name carries a digest of the JDK and of every class-path
 * jar's path, size and time, so a new JDK or a rebuilt jar simply records a new one. A JVM that
 * cannot use an archive runs without it: this only ever costs the speed-up.
 *
 * <p>Only a class path of jar files can be archived (the JDK refuses directories), so a worker run
 * from a build's classes directories has no archive. Thread-safe.
 */
final class ClassDataArchive {

    private static final Logger LOG = LoggerFactory.getLogger(ClassDataArchive.class);
    private static final int KILLED = 128 + 9; // SIGKILL: the JVM may have died half-way through writing

    /** The JVM options of one launch, and whether that JVM records the archive. */
    record Use(List<String> jvmOptions, boolean records) {
        static final Use NONE = new Use(List.of(), false);
    }

    private final Path file;
    private final Path recording;
    private boolean recordingInFlight; // guarded by this

    private ClassDataArchive(Path file) {
        this.file = file;
        this.recording = file.resolveSibling(file.getFileName() + ".recording");
    }

    /** The archive for executors with {@code classPath} under {@code dir}, or none if that class path cannot be archived. */
    static Optional<ClassDataArchive> in(Path dir, String classPath) {
        StringBuilder identity = new StringBuilder(System.getProperty("java.home")).append('|')
                .append(System.getProperty("java.vm.version"));
        for (String entry : classPath.split(File.pathSeparator)) {
            Path jar = Path.of(entry);
            if (!entry.endsWith(".jar") || !Files.isRegularFile(jar)) {
                LOG.debug("no class-data archive for executors: {} on the class path is not a jar", entry);
                return Optional.empty();
            }
            try {
                identity.append('|').append(jar.toAbsolutePath()).append(':').append(Files.size(jar)).append(':')
                        .append(Files.getLastModifiedTime(jar).toMillis());
            } catch (IOException e) {
                return Optional.empty();
            }
        }
        return Optional.of(new ClassDataArchive(dir.resolve("executor-" + digest(identity.toString()) + ".jsa")));
    }

    /** The options for the next launch: map the archive, record it, or (while another JVM records it) neither. */
    synchronized Use nextLaunch() {
        if (Files.isRegularFile(file)) {
            return new Use(List.of("-XX:SharedArchiveFile=" + file, "-Xlog:cds=error"), false);
        }
        if (recordingInFlight) {
            return Use.NONE;
        }
        try {
            Files.createDirectories(file.getParent());
            Files.deleteIfExists(recording);
        } catch (IOException e) {
            LOG.debug("no class-data archive for executors: {}", e.toString());
            return Use.NONE;
        }
        recordingInFlight = true;
        return new Use(List.of("-XX:ArchiveClassesAtExit=" + recording, "-Xlog:cds=error"), true);
    }

    /** The JVM of a launch has exited with {@code exitCode}: if it recorded the archive, puts it in place. */
    synchronized void exited(Use use, int exitCode) {
        if (!use.records()) {
            return;
        }
        recordingInFlight = false;
        try {
            if (exitCode != KILLED && Files.isRegularFile(recording) && Files.size(recording) > 0) {
                Files.move(recording, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
                LOG.info("executors now start from the class-data archive {}", file);
            } else {
                Files.deleteIfExists(recording);
            }
        } catch (IOException e) {
            LOG.warn("could not keep the executors' class-data archive {}: {}", file, e.toString());
        }
    }

    Path file() {
        return file;
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 8);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
