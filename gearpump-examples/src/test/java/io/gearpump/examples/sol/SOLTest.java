package io.gearpump.examples.sol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.testing.Poll;
import io.gearpump.local.LocalCluster;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(60)
class SOLTest {

    @Test
    void everyStageReceivesEveryMessageExactlyOnce() {
        UserConfig config = UserConfig.empty().with(SOLStreamProducer.MESSAGES, 100_000)
                .with(SOLStreamProducer.BYTES_PER_MESSAGE, 100);
        try (LocalCluster cluster = LocalCluster.start()) {
            int appId = cluster.submit(SOL.application(3, 2, 4, config));
            AppStatus status = cluster.await(appId, Duration.ofSeconds(30));

            assertEquals(AppState.SUCCEEDED, status.state(), () -> String.valueOf(status.failure()));
            assertEquals(4, status.processors().size());
            assertEquals(300_000, status.processor("producer").sent());
            for (String stage : new String[] {"processor-1", "processor-2", "processor-3"}) {
                assertEquals(300_000, status.processor(stage).received(), stage);
            }
            assertEquals(java.time.Instant.MAX, status.clock(), "every task finished, so the clock is complete");
        }
    }

    @Test
    void theGraphHasOneProducerAndStagesMinusOneProcessorStages() {
        var app = SOL.application(1, 1, 5, UserConfig.empty());
        assertEquals(5, app.graph().processors().size());
        assertEquals(4, app.graph().edges().size());
        var e = assertThrows(IllegalArgumentException.class, () -> SOL.application(1, 1, 1, UserConfig.empty()));
        assertTrue(e.getMessage().contains("at least 2 stages"), e.getMessage());
    }

    @Test
    void anEndlessRunIsStoppedGracefully() {
        try (LocalCluster cluster = LocalCluster.start()) {
            int appId = cluster.submit(SOL.application(2, 2, 2, UserConfig.empty()));
            Poll.until("processor-1 to receive data", () -> cluster.status(appId).received("processor-1"),
                    received -> received > 0);
            AppStatus status = cluster.stopAndAwait(appId, Duration.ofSeconds(20));

            assertEquals(AppState.SUCCEEDED, status.state());
            // graceful: everything the producers sent was processed
            assertEquals(status.processor("producer").sent(), status.processor("processor-1").received());
            assertTrue(status.processor("processor-1").received() > 0);
        }
    }
}
