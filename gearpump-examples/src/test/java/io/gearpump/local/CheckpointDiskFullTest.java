package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.api.ValueState;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.SnapshotTasks;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk under the checkpoint directory (a tmpfs of 512 KiB; mounting needs root, which CI is)
 * fails checkpoints visibly, naming the problem, while the application goes on from its last
 * completed checkpoint without a restart; once there is room again (the tmpfs grown), checkpoints
 * complete again.
 */
@Timeout(90)
class CheckpointDiskFullTest {

    private static final int BALLAST_BYTES = 300 * 1024; // one checkpoint fits, two do not

    @TempDir
    Path dir;

    @Test
    void checkpointsFailVisiblyWhileTheDiskIsFullAndCompleteOnceThereIsRoom() throws Exception {
        Path store = Files.createDirectories(dir.resolve("store"));
        assumeTrue(run("mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", store.toString()),
                "mounting a tmpfs needs root (CI runs as root)");
        try {
            GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", store.toString());
            Application app = Application.of("disk-full", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "ticks", SnapshotTasks.TICKS)
                            .to(Partitioners.shuffle(), Processor.of(Ballast.class, 1, "ballast"))))
                    .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(100));

            try (LocalCluster cluster = LocalCluster.start(config)) {
                int appId = cluster.submit(app);
                AppStatus full = Poll.until("a checkpoint to fail for want of space", () -> cluster.status(appId),
                        s -> s.checkpointFailure() != null && s.checkpointFailure().contains("No space left on device"));
                assertTrue(full.checkpointFailure().contains(store.toString()), "names where: " + full.checkpointFailure());
                long lastGood = full.lastCheckpoint().id();
                assertTrue(lastGood > 0, "the first checkpoint fitted");
                long received = full.processor("ballast").received();
                AppStatus goingOn = Poll.until("the application to go on", () -> cluster.status(appId),
                        s -> s.processor("ballast").received() > received + 1_000);
                assertEquals(AppState.RUNNING, goingOn.state());
                assertEquals(0, goingOn.restarts(), "a failed checkpoint restarts nothing");

                assertTrue(run("mount", "-o", "remount,size=16m", store.toString()), "the tmpfs grows");
                AppStatus healed = Poll.until("a checkpoint after " + lastGood, () -> cluster.status(appId),
                        s -> s.lastCheckpoint().id() > lastGood);
                assertEquals(AppState.RUNNING, healed.state());
                assertEquals(0, healed.restarts());
                cluster.kill(appId);
            }
        } finally {
            run("umount", store.toString());
        }
    }

    private static boolean run(String... command) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor() == 0;
    }

    /** Keeps a large value in managed state, so each of its snapshots takes {@value #BALLAST_BYTES} bytes. */
    public static final class Ballast extends Task {
        private final ValueState<byte[]> ballast;

        public Ballast(TaskContext context, UserConfig config) {
            super(context, config);
            ballast = context.valueState("ballast", byte[].class);
        }

        @Override
        public void onStart(Instant startTime) {
            ballast.set(new byte[BALLAST_BYTES]);
        }

        @Override
        public void onNext(Message message) {
        }
    }
}
