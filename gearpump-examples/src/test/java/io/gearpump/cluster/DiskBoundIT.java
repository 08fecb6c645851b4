package io.gearpump.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.cluster.AppDescription;
import io.gearpump.core.cluster.ClientProtocol.SubmitApp;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.examples.wordcount.WordCount;
import io.gearpump.net.client.ClusterClient;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk stays bounded over a long life: submit-and-kill cycles (one master, one worker, WordCount
 * with its jar) leave the master's and the worker's directories about as large after many cycles
 * as after 10: the master snapshots and cuts its log by bytes, the worker deletes ended
 * applications' jars and keeps the logs of the latest few. {@code -Dit.disk.cycles} (40 by default;
 * the README's figure is for 200) sets how many.
 */
@Timeout(1800)
class DiskBoundIT {

    private static final int CYCLES = Integer.getInteger("it.disk.cycles", 40);
    private static final int SNAPSHOT_BYTES = 1 << 20;
    private static final int LOGS_RETAINED = 10;

    @TempDir
    Path dir;

    @Test
    void manySubmitAndKillCyclesLeaveTheDirectoriesAboutAsLargeAsTen() throws Exception {
        try (ClusterProcesses cluster = new ClusterProcesses(dir)) {
            cluster.startMaster(cluster.masterPorts().get(0), "master.log", "-Dgearpump.master.snapshot.bytes=" + SNAPSHOT_BYTES);
            Process worker = cluster.startWorker("worker1", "-Dgearpump.worker.logs.retained=" + LOGS_RETAINED);
            byte[] jar = Files.readAllBytes(ClusterProcesses.EXAMPLES_JAR);
            byte[] wordCount = AppDescription.of(WordCount.application(1, 1, UserConfig.empty())).toBytes();
            long masterAfterTen = 0;
            long workerAfterTen = 0;
            try (ClusterClient client = new ClusterClient(GearConfig.defaults(), cluster.master())) {
                for (int cycle = 1; cycle <= CYCLES; cycle++) {
                    int id = client.submit(new SubmitApp("wordcount", "disk", "wordcount.jar", jar, wordCount, 1, SubmitApp.newId()));
                    Poll.until("application " + id + " to run", Duration.ofSeconds(60),
                            () -> client.status(id).summary().state() == AppState.RUNNING);
                    client.kill(id);
                    Poll.until("application " + id + "'s executors to end", Duration.ofSeconds(60),
                            () -> ClusterProcesses.executorsOf(worker) == 0);
                    if (cycle == 10) {
                        masterAfterTen = size(dir.resolve("masters"));
                        workerAfterTen = awaitWorkerSettled();
                    }
                }
                assertEquals(CYCLES, client.list().size(), "every application is still listed");
            }
            long masterAfter = size(dir.resolve("masters"));
            long workerAfter = awaitWorkerSettled();
            System.out.printf("disk after 10 and %d submit-and-kill cycles: master %,d -> %,d bytes, worker %,d -> %,d bytes%n",
                    CYCLES, masterAfterTen, masterAfter, workerAfterTen, workerAfter);
            assertTrue(masterAfter <= 2 * Math.max(masterAfterTen, SNAPSHOT_BYTES),
                    "the master's directory: " + masterAfterTen + " bytes after 10 cycles, " + masterAfter + " after " + CYCLES);
            assertTrue(workerAfter <= 2 * workerAfterTen,
                    "the worker's directory: " + workerAfterTen + " bytes after 10 cycles, " + workerAfter + " after " + CYCLES);
        }
    }

    /** The worker's directory once no jar of an ended application is left in it (deleted as its executors stop). */
    private long awaitWorkerSettled() {
        Path workerDir = dir.resolve("worker1");
        Poll.until("the ended applications' jars to be deleted", Duration.ofSeconds(30), () -> jars(workerDir) == 0);
        return size(workerDir);
    }

    private static long jars(Path root) throws IOException {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(f -> f.toString().endsWith(".jar") && !f.toString().contains("class-archive")).count();
        }
    }

    private static long size(Path root) {
        try (Stream<Path> files = Files.walk(root)) {
            return files.filter(Files::isRegularFile).mapToLong(f -> {
                try {
                    return Files.size(f);
                } catch (IOException gone) {
                    return 0; // deleted while we looked
                }
            }).sum();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
