package io.gearpump.local;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Message;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.Task;
import io.gearpump.core.api.TaskContext;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;

import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** {@code LocalCluster.await} long-polls the master: it returns when the application ends, not when a poll's wait runs out. */
@Timeout(60)
class LocalClusterAwaitTest {

    private static final CountDownLatch STARTED = new CountDownLatch(1);
    private static final CountDownLatch RELEASE = new CountDownLatch(1);

    /** A source that ends when the test lets it go. */
    public static class Gate extends Task {
        public Gate(TaskContext context, UserConfig config) {
            super(context, config);
        }

        @Override
        public void onStart(Instant startTime) {
            STARTED.countDown();
            try {
                RELEASE.await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }

        @Override
        public void onNext(Message message) {
        }
    }

    @Test
    void awaitReturnsAsSoonAsTheApplicationEnds() throws Exception {
        // long-polls of 30 s (half the request timeout): an await that heard of the end only when a wait ran out takes that long
        GearConfig config = GearConfig.defaults().with(GearConfig.REQUEST_TIMEOUT_MS.name(), "60000");
        AtomicLong releasedAt = new AtomicLong();
        try (LocalCluster cluster = LocalCluster.start(config)) {
            int appId = cluster.submit(Application.of("gate", Graph.of(Processor.of(Gate.class, 1))));
            Thread opener = Thread.ofVirtual().start(() -> {
                try {
                    if (STARTED.await(30, TimeUnit.SECONDS)) {
                        releasedAt.set(System.nanoTime());
                        RELEASE.countDown();
                    }
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });

            AppStatus status = cluster.await(appId, Duration.ofSeconds(50));

            long returnedAfterMillis = (System.nanoTime() - releasedAt.get()) / 1_000_000;
            opener.join();
            assertEquals(AppState.SUCCEEDED, status.state());
            assertTrue(releasedAt.get() != 0 && returnedAfterMillis < 15_000,
                    "await returned " + returnedAfterMillis + " ms after the application was let go");
        } finally {
            RELEASE.countDown();
        }
    }
}
