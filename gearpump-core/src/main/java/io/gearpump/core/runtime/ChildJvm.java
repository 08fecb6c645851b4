package io.gearpump.core.runtime;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The JVM options the engine gives every JVM it starts (executors, submissions, benchmark children),
 * placed before the user's own so that theirs win: the same as {@code bin/gear} gives its own JVMs.
 */
public final class ChildJvm {

    static final Path HUGE_PAGES_SETTING = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");

    private ChildJvm() {
    }

    /** The options for a JVM of this JDK on this machine. */
    public static List<String> defaultOptions() {
        return defaultOptions(Runtime.version().feature(), HUGE_PAGES_SETTING);
    }

    static List<String> defaultOptions(int jdkFeature, Path hugePagesSetting) {
        List<String> options = new ArrayList<>();
        if (jdkFeature >= 24) {
            options.add("--sun-misc-unsafe-memory-access=allow"); // Kryo uses sun.misc.Unsafe; JDK 24+ warns unless allowed
        }
        if (hugePagesOnRequest(hugePagesSetting)) {
            // a heap is first touched page by page as young collections cycle through it; where each 4 KiB
            // fault is slow (virtual machines), that held throughput down for the first 5-10 s
            options.add("-XX:+UseTransparentHugePages");
        }
        return options;
    }

    /** True when the kernel hands out huge pages to a process that asks ("madvise"); with "always" it needs no asking. */
    private static boolean hugePagesOnRequest(Path setting) {
        try {
            return Files.readString(setting).contains("[madvise]");
        } catch (IOException | RuntimeException e) {
            return false; // not Linux, or no such setting: nothing to ask for
        }
    }
}
