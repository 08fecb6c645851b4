package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.SnapshotTasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint directory that cannot be written (here its path turns into a regular file mid-run: we
 * run as root, so permissions would not stop a write) fails each checkpoint visibly, in the status
 * and in a log line naming the path, while the application goes on without a restart; once the
 * directory is back, the next checkpoints complete. The directory is a symbolic link, switched in one
 * rename, so no write can slip in between.
 */
@Timeout(90)
class CheckpointDirectoryUnwritableTest {

    @TempDir
    Path dir;

    @Test
    void checkpointsFailVisiblyWhileTheDirectoryIsUnwritableAndTheApplicationCarriesOn() throws IOException {
        Path store = Files.createDirectories(dir.resolve("store"));
        Path blocker = Files.writeString(dir.resolve("not-a-directory"), "a regular file where the directory should be");
        Path checkpoints = Files.createSymbolicLink(dir.resolve("checkpoints"), store);
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString());
        Application app = Application.of("unwritable", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "ticks", SnapshotTasks.TICKS)
                        .to(Partitioners.shuffle(), Processor.of(SnapshotTasks.Counting.class, 2, "sum"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(50));

        try (LocalCluster cluster = LocalCluster.start(config); CapturedErr log = new CapturedErr()) {
            int appId = cluster.submit(app);
            Poll.until("a first checkpoint", () -> cluster.status(appId), s -> s.lastCheckpoint().id() > 0);

            pointTo(checkpoints, blocker);
            String appDir = checkpoints.resolve("app-" + appId).toString();
            AppStatus broken = Poll.until("a checkpoint failure naming " + appDir, () -> cluster.status(appId),
                    s -> s.checkpointFailure() != null && s.checkpointFailure().contains(appDir));
            assertTrue(broken.checkpointFailure().contains("cannot write the snapshot"), broken.checkpointFailure());
            Poll.until("a log line naming " + appDir, () -> !log.linesWith("WARN", "checkpoint", appDir).isEmpty());

            long lastGood = broken.lastCheckpoint().id();
            long summed = broken.processor("sum").received();
            AppStatus goingOn = Poll.until("the application to go on while checkpoints fail", () -> cluster.status(appId),
                    s -> s.processor("sum").received() > summed + 1_000);
            assertEquals(AppState.RUNNING, goingOn.state());
            assertEquals(0, goingOn.restarts(), "a failed checkpoint restarts nothing");
            assertEquals(lastGood, goingOn.lastCheckpoint().id(), "no checkpoint completes without its snapshots");

            pointTo(checkpoints, store);
            AppStatus healed = Poll.until("a checkpoint after " + lastGood + " to complete", () -> cluster.status(appId),
                    s -> s.lastCheckpoint().id() > lastGood);
            assertEquals(AppState.RUNNING, healed.state());
            assertEquals(0, healed.restarts());
            assertTrue(Files.isDirectory(store.resolve("app-" + appId).resolve("chk-" + healed.lastCheckpoint().id())),
                    "the new checkpoint lies in the directory again");
            assertFalse(log.linesWith("ERROR").stream().anyMatch(l -> l.contains("app " + appId)), "nothing failed but checkpoints");
            cluster.kill(appId);
        }
    }

    /** Makes the symbolic link {@code link} point to {@code target} in one rename. */
    private static void pointTo(Path link, Path target) throws IOException {
        Path next = link.resolveSibling(link.getFileName() + ".next");
        Files.deleteIfExists(next);
        Files.createSymbolicLink(next, target);
        Files.move(next, link, StandardCopyOption.ATOMIC_MOVE);
    }
}
