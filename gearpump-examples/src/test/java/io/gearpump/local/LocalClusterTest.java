package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.UnknownApplicationException;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.ConfigException;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Guarantee;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.core.testing.SnapshotTasks;
import io.gearpump.examples.sol.SOL;
import io.gearpump.examples.sol.SOLStreamProducer;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(60)
class LocalClusterTest {

    @Test
    void listsApplicationsAndKillsARunningOne() throws InterruptedException {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults())) {
            int finite = cluster.submit(SOL.application(1, 1, 2, UserConfig.empty().with(SOLStreamProducer.MESSAGES, 10)));
            int endless = cluster.submit(SOL.application(1, 1, 2, UserConfig.empty()));
            assertEquals(AppState.SUCCEEDED, cluster.await(finite, Duration.ofSeconds(10)).state());
            Poll.until("the endless application to run", () -> cluster.status(endless).state(),
                    state -> state == AppState.RUNNING);

            AppStatus killed = cluster.kill(endless);

            assertEquals(AppState.KILLED, killed.state());
            assertEquals(0, killed.processors().stream().mapToInt(p -> p.tasksRunning()).sum(), "no task left running");
            assertEquals(java.util.List.of(finite, endless), cluster.list().stream().map(AppStatus::appId).toList());
        }
    }

    @Test
    void anUnknownApplicationIdIsNamedInTheError() {
        try (LocalCluster cluster = LocalCluster.start(GearConfig.defaults())) {
            var e = assertThrows(UnknownApplicationException.class, () -> cluster.status(42));
            assertTrue(e.getMessage().contains("unknown application id 42"), e.getMessage());
        }
    }

    @Test
    void closingTheClusterKillsWhatIsStillRunning() {
        LocalCluster cluster = LocalCluster.start(GearConfig.defaults());
        int appId = cluster.submit(SOL.application(1, 1, 2, UserConfig.empty()));
        cluster.close();
        assertEquals(AppState.KILLED, cluster.status(appId).state());
    }

    @Test
    void closingTheClusterWhileCheckpointingLeavesNoSnapshotWriterBehind(@TempDir Path checkpoints) {
        Application app = Application.of("checkpointing", Graph.of(Processor.of(SnapshotTasks.Source.class, 1, "ticks", SnapshotTasks.TICKS)
                        .to(Partitioners.shuffle(), Processor.of(SnapshotTasks.Counting.class, 2, "sum"))))
                .withGuarantee(Guarantee.EXACTLY_ONCE).withCheckpointInterval(Duration.ofMillis(10));
        LocalCluster cluster = LocalCluster.start(GearConfig.defaults().with("gearpump.checkpoint.dir", checkpoints.toString()));
        int appId = cluster.submit(app);
        Poll.until("checkpoints to complete", () -> cluster.status(appId), s -> s.lastCheckpoint().id() > 2);

        cluster.close();

        // a writer left running could still put a snapshot into the directory after close returned
        assertFalse(Thread.getAllStackTraces().keySet().stream().anyMatch(t -> t.isAlive() && t.getName().startsWith("snapshot-writer-")),
                "a snapshot writer thread outlived the cluster");
    }

    @Test
    void aMistypedConfigurationKeyIsRefusedWithTheKeyNamed() {
        var e = assertThrows(ConfigException.class,
                () -> LocalCluster.start(GearConfig.of(Map.of("gearpump.task.inbox.capacty", "10"))));
        assertTrue(e.getMessage().contains("'gearpump.task.inbox.capacty'"), e.getMessage());
        assertTrue(e.getMessage().contains("did you mean 'gearpump.task.inbox.capacity'"), e.getMessage());
    }
}
