package io.gearpump.worker.daemon;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A worker's executor logs ({@code app-<id>-executor-<n>.log}) of applications that no longer run
 * here: the logs of the {@code retained} most recently written ones stay, the older ones are deleted,
 * so a long-lived worker's disk does not only grow.
 */
final class EndedLogs {

    private static final Logger LOG = LoggerFactory.getLogger(EndedLogs.class);
    private static final Pattern NAME = Pattern.compile("app-(\\d+)-executor-\\d+\\.log");

    private final Path logs;
    private final int retained;

    EndedLogs(Path logs, int retained) {
        this.logs = logs;
        this.retained = retained;
    }

    /** Deletes the logs of all but the {@code retained} latest ended applications; {@code running} are left alone. */
    void prune(Set<Integer> running) {
        Map<Integer, List<Path>> byApp = new HashMap<>();
        Map<Integer, FileTime> latest = new HashMap<>();
        try (Stream<Path> files = Files.list(logs)) {
            for (Path f : files.toList()) {
                Matcher m = NAME.matcher(f.getFileName().toString());
                if (!m.matches() || running.contains(Integer.parseInt(m.group(1)))) {
                    continue;
                }
                int app = Integer.parseInt(m.group(1));
                byApp.computeIfAbsent(app, k -> new ArrayList<>()).add(f);
                FileTime written = Files.getLastModifiedTime(f);
                latest.merge(app, written, (a, b) -> a.compareTo(b) >= 0 ? a : b);
            }
        } catch (java.nio.file.NoSuchFileException e) {
            return; // no log yet
        } catch (IOException e) {
            LOG.warn("could not look through the executor logs in {}: {}", logs, e.toString());
            return;
        }
        List<Integer> newestFirst = new ArrayList<>(byApp.keySet());
        newestFirst.sort(Comparator.comparing((Integer app) -> latest.get(app)).reversed().thenComparing(Comparator.reverseOrder()));
        for (int app : newestFirst.subList(Math.min(retained, newestFirst.size()), newestFirst.size())) {
            for (Path f : byApp.get(app)) {
                try {
                    Files.deleteIfExists(f);
                } catch (IOException e) {
                    LOG.warn("could not delete the old executor log {}: {}", f, e.toString());
                }
            }
        }
    }
}
