package io.gearpump.core.runtime;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class ChildJvmTest {

    @TempDir
    Path dir;

    @Test
    void hugePagesAreAskedForOnlyWhereTheKernelGivesThemOnRequest() throws IOException {
        assertEquals(List.of("-XX:+UseTransparentHugePages"), ChildJvm.defaultOptions(21, setting("always [madvise] never")));
        assertEquals(List.of(), ChildJvm.defaultOptions(21, setting("[always] madvise never")), "already on for every process");
        assertEquals(List.of(), ChildJvm.defaultOptions(21, setting("always madvise [never]")), "the JVM would warn on every start");
        assertEquals(List.of(), ChildJvm.defaultOptions(21, dir.resolve("missing")), "not Linux");
    }

    @Test
    void newJdksAreToldThatKryoMayUseUnsafe() throws IOException {
        assertEquals(List.of("--sun-misc-unsafe-memory-access=allow", "-XX:+UseTransparentHugePages"),
                ChildJvm.defaultOptions(25, setting("always [madvise] never")));
        assertEquals(List.of(), ChildJvm.defaultOptions(23, dir.resolve("missing")));
    }

    private Path setting(String content) throws IOException {
        Path p = dir.resolve("enabled-" + content.hashCode());
        Files.writeString(p, content + "\n");
        return p;
    }
}
