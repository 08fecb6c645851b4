package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.testing.Poll;
import io.gearpump.examples.fsio.SampleText;
import io.gearpump.examples.wordcount.CommittedCounts;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exactly-once end to end on real processes (one master, two workers, executors as child JVMs):
 * WordCount from a watched directory of files to part files, checkpoints every 200 ms. While new
 * input keeps arriving, {@code kill -9} of a task executor, then of the worker without the AppMaster,
 * then of the AppMaster's JVM (a new AppMaster restores the checkpoint the masters recorded). The
 * committed output holds each word's running counts exactly once.
 */
class ExactlyOnceClusterIT {

    private static final int LINES_PER_FILE = Integer.getInteger("it.exactly.lines", 20_000);

    @TempDir
    Path dir;

    @Test
    void killingAnExecutorAWorkerAndTheAppMasterLeavesTheCommittedCountsExact() throws Exception {
        Path input = Files.createDirectories(dir.resolve("in"));
        Path output = dir.resolve("out");
        String checkpoints = " -Dgearpump.checkpoint.dir=" + dir.resolve("checkpoints") + " -Dgearpump.checkpoint.interval.ms=200";
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster();
            Process worker1 = cluster.startWorker("worker1", checkpoints);
            Process worker2 = cluster.startWorker("worker2", checkpoints);
            SampleText.write(input.resolve("text-1.txt"), LINES_PER_FILE, 1);
            cluster.gearInBackground("submit.log", "submit", "-master", cluster.master(), "-jar", ClusterProcesses.EXAMPLES_JAR.toString(),
                    "-main", "io.gearpump.examples.wordcount.FileWordCount", "-executors", "2", "-input", input.toString(),
                    "-output", output.toString(), "-watch", "true");
            cluster.awaitStatus(s -> s.contains("RUNNING") && s.contains("last checkpoint:"));

            SampleText.write(input.resolve("text-2.txt"), LINES_PER_FILE, 2);
            ClusterProcesses.taskExecutors(worker1, worker2).findFirst().orElseThrow().destroyForcibly();
            cluster.awaitStatus(s -> s.contains("restarts: 1") && s.contains("RUNNING"));

            SampleText.write(input.resolve("text-3.txt"), LINES_PER_FILE, 3);
            Process survivor = ClusterProcesses.hostsAppMaster(worker1) ? worker1 : worker2;
            (survivor == worker1 ? worker2 : worker1).destroyForcibly();
            String survivorId = survivor == worker1 ? "1" : "2";
            cluster.awaitStatus(s -> s.contains("RUNNING") && !s.contains("of worker " + (survivor == worker1 ? "2" : "1"))
                    && s.contains("of worker " + survivorId));

            SampleText.write(input.resolve("text-4.txt"), LINES_PER_FILE, 4);
            ProcessHandle appMaster = survivor.descendants().filter(ProcessHandle::isAlive)
                    .filter(h -> h.info().commandLine().map(c -> c.contains("-role appmaster")).orElse(false)).findFirst().orElseThrow();
            appMaster.destroyForcibly();

            long words = 4L * LINES_PER_FILE * 10;
            Poll.until("every word's counts committed", Duration.ofSeconds(120), () -> CommittedCounts.lines(output), n -> n >= words);
            CommittedCounts.assertExact(input, output, "after the three kills");
            // the new AppMaster's first attempt started from its predecessor's last recorded checkpoint (epoch 1's ids)
            Pattern restored = Pattern.compile("attempt 0 started \\d+ tasks from checkpoint 1\\d{9}");
            Path appMasterLog = dir.resolve(survivor == worker1 ? "worker1" : "worker2").resolve("logs/app-1-executor-0.log");
            assertTrue(restored.matcher(Files.readString(appMasterLog)).find(), "no restore in " + appMasterLog);
        }
    }
}
