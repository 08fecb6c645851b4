package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Checkpointed;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.SnapshotTasks;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A checkpoint file damaged on the disk is never restored: when a task fails and the application
 * restarts from that checkpoint, the application fails with the damaged file named in its failure.
 * To damage the right checkpoint, the test first stops checkpoints from completing (the summing task
 * gives a snapshot that cannot be encoded, which abandons each checkpoint and nothing else), so the
 * last completed one stays put; then it flips a byte of one of its files and makes a task throw.
 */
@Timeout(90)
class CheckpointCorruptAtRestartTest {

    static volatile boolean unencodableSnapshots;
    static final AtomicInteger FAILURES_LEFT = new AtomicInteger();

    @TempDir
    Path checkpoints;

    @Test
    void aRestartFromADamagedCheckpointFailsTheApplicationNamingTheFile() throws IOException {
        unencodableSnapshots = false;
        FAILURES_LEFT.set(0);
        GearConfig config = GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString())
                .with("gearpump.app.max.restarts", "2");
        Application app = Application.of("corrupt", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "ticks", SnapshotTasks.TICKS)
                        .to(Partitioners.shuffle(), Processor.of(Sum.class, 2, "sum"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(50));

        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(app);
            Poll.until("a first checkpoint", () -> cluster.status(appId), s -> s.lastCheckpoint().id() > 0);

            unencodableSnapshots = true;
            AppStatus frozen = Poll.until("a checkpoint to fail on the summing task's snapshot", () -> cluster.status(appId),
                    s -> s.checkpointFailure() != null && s.checkpointFailure().contains("cannot be encoded"));
            long last = frozen.lastCheckpoint().id(); // no later one can complete now: every one fails at the sum
            // each executor wrote its tasks' snapshots as one set: the last byte of each is inside a snapshot
            List<Path> damaged;
            try (Stream<Path> files = Files.list(checkpoints.resolve("app-" + appId).resolve("chk-" + last))) {
                damaged = files.filter(p -> p.getFileName().toString().endsWith(".snaps")).toList();
            }
            assertFalse(damaged.isEmpty(), "the checkpoint's snapshot sets");
            for (Path set : damaged) {
                flipLastByte(set);
            }

            FAILURES_LEFT.set(1);
            AppStatus end = cluster.await(appId, Duration.ofSeconds(60));

            assertEquals(AppState.FAILED, end.state(), String.valueOf(end));
            assertEquals(last, end.lastCheckpoint().id(), "the damaged checkpoint was still the last one completed");
            assertTrue(damaged.stream().anyMatch(set -> end.failure().contains(set.toString())), "the failure names the file: " + end.failure());
            assertTrue(end.failure().contains("is corrupt: its checksum does not match its contents"), end.failure());
        } finally {
            unencodableSnapshots = false;
        }
    }

    private static void flipLastByte(Path file) throws IOException {
        try (FileChannel f = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(1);
            f.read(b, f.size() - 1);
            b.put(0, (byte) ~b.get(0)).rewind();
            f.write(b, f.size() - 1);
        }
    }

    /** Sums what it gets; throws while failures are left; gives unencodable snapshots when told to. */
    public static final class Sum extends Task implements Checkpointed<Object[]> {
        private long sum;

        public Sum(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onNext(Message message) {
            sum += (Long) message.value();
            if (FAILURES_LEFT.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
                throw new IllegalStateException("failing on purpose");
            }
        }

        @Override
        public Object[] snapshotState() {
            // a StringBuilder is no registered wire type: the snapshot cannot be encoded, the checkpoint is abandoned
            return new Object[] {unencodableSnapshots ? new StringBuilder("not for the wire") : (Object) sum};
        }

        @Override
        public void restoreState(Object[] state) {
            sum = (Long) state[0];
        }
    }
}
