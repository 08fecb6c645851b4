package io.gearpump.net.stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.AppState;
import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Partitioners;
import io.gearpump.core.api.Processor;
import io.gearpump.core.api.UserConfig;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.testing.Poll;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(120)
class CrossExecutorStreamTest {

    @Test
    void millionsOfMessagesCrossWithNoneLostDuplicatedOrReordered() throws Exception {
        long perSource = 1_000_000;
        Processor source = Processor.of(StreamTasks.NumberedSource.class, 2, "source", UserConfig.empty().with(StreamTasks.COUNT, perSource));
        Processor sink = Processor.of(StreamTasks.CheckingSink.class, 2, "sink");
        Application app = Application.of("cross", Graph.of(source.to(Partitioners.shuffle(), sink)));
        try (TwoExecutors ex = new TwoExecutors(GearConfig.defaults())) {
            ex.submit(7, app, task -> task.processorId() == 0 ? 1 : 2); // sources on 1, sinks on 2

            AppStatus senders = ex.await1(7);
            AppStatus receivers = ex.await2(7);

            assertEquals(AppState.SUCCEEDED, senders.state(), () -> String.valueOf(senders.failure()));
            assertEquals(AppState.SUCCEEDED, receivers.state(), () -> String.valueOf(receivers.failure()));
            assertEquals(2 * perSource, senders.processor("source").sent());
            assertEquals(2 * perSource, receivers.counter("received"), "none lost or duplicated");
            assertEquals(2 * perSource, receivers.processor("sink").received());
            assertEquals(0, receivers.counter("outOfOrder"), "per stream order kept");
            assertEquals(Instant.MAX, receivers.clock(), "end of stream crossed with the data");
        }
    }

    @Test
    void aConnectionKilledMidStreamFailsBothSidesWithTheReasonAndTheNextRunReconnects() throws Exception {
        Processor source = Processor.of(StreamTasks.NumberedSource.class, 1, "source", UserConfig.empty().with(StreamTasks.COUNT, Long.MAX_VALUE));
        Processor sink = Processor.of(StreamTasks.CheckingSink.class, 1, "sink");
        Application endless = Application.of("endless", Graph.of(source.to(sink)));
        try (TwoExecutors ex = new TwoExecutors(GearConfig.defaults())) {
            ex.submit(1, endless, task -> task.processorId() == 0 ? 1 : 2);
            Poll.until("the sink to receive data", Duration.ofSeconds(30), () -> ex.engine2.status(1).processor("sink"),
                    status -> status.received() > 0);

            ex.hub1.dropConnection(2, "cable pulled by the test");

            AppStatus senders = ex.await1(1);
            AppStatus receivers = ex.await2(1);
            assertEquals(AppState.FAILED, senders.state());
            assertEquals(AppState.FAILED, receivers.state());
            assertTrue(senders.failure().contains("cable pulled by the test"), senders.failure());
            assertTrue(receivers.failure().contains("is lost: connection to executor 1 closed: closed by the peer"),
                    receivers.failure());

            Processor finite = Processor.of(StreamTasks.NumberedSource.class, 1, "source", UserConfig.empty().with(StreamTasks.COUNT, 10_000));
            ex.submit(2, Application.of("again", Graph.of(finite.to(sink))), task -> task.processorId() == 0 ? 1 : 2);
            AppStatus again = ex.await2(2);
            assertEquals(AppState.SUCCEEDED, again.state(), () -> String.valueOf(again.failure()));
            assertEquals(10_000, again.counter("received"), "a new connection carried the next application");
        }
    }

    @Test
    void executorsThatShareTheClusterSecretAuthenticateAndStream() throws Exception {
        Processor source = Processor.of(StreamTasks.NumberedSource.class, 1, "source", UserConfig.empty().with(StreamTasks.COUNT, 100_000));
        Processor sink = Processor.of(StreamTasks.CheckingSink.class, 1, "sink");
        GearConfig secret = GearConfig.of(Map.of("gearpump.cluster.secret", "s3cret"));
        try (TwoExecutors ex = new TwoExecutors(secret)) {
            ex.submit(4, Application.of("secret", Graph.of(source.to(sink))), task -> task.processorId() == 0 ? 1 : 2);

            AppStatus receivers = ex.await2(4);

            assertEquals(AppState.SUCCEEDED, receivers.state(), () -> String.valueOf(receivers.failure()));
            assertEquals(100_000, receivers.counter("received"));
        }
    }

    @Test
    void anUnregisteredMessageTypeFailsTheSenderWithHowToRegisterIt() throws Exception {
        Processor source = Processor.of(StreamTasks.UnregisteredSource.class, 1, "source");
        Processor sink = Processor.of(StreamTasks.CheckingSink.class, 1, "sink");
        try (TwoExecutors ex = new TwoExecutors(GearConfig.defaults())) {
            ex.submit(5, Application.of("unregistered", Graph.of(source.to(sink))), task -> task.processorId() == 0 ? 1 : 2);

            AppStatus senders = ex.await1(5);

            assertEquals(AppState.FAILED, senders.state());
            String cause = senders.failure();
            assertTrue(cause.contains("class " + StreamTasks.Point.class.getName() + " is not registered for the wire"), cause);
            assertTrue(cause.contains("gearpump.serializers." + StreamTasks.Point.class.getName() + " ="), cause);
            ex.engine2.kill(5);
        }
    }

    @Test
    void aUserTypeRegisteredInTheConfigurationCrosses() throws Exception {
        Processor source = Processor.of(StreamTasks.UnregisteredSource.class, 1, "source");
        Processor sink = Processor.of(StreamTasks.AnySink.class, 1, "sink");
        GearConfig config = GearConfig.of(Map.of("gearpump.serializers." + StreamTasks.Point.class.getName(), ""));
        try (TwoExecutors ex = new TwoExecutors(config)) {
            ex.submit(6, Application.of("registered", Graph.of(source.to(sink))), task -> task.processorId() == 0 ? 1 : 2);

            AppStatus receivers = ex.await2(6);

            assertEquals(AppState.SUCCEEDED, receivers.state(), () -> String.valueOf(receivers.failure()));
            assertEquals(1, receivers.counter("any"));
            assertEquals(new StreamTasks.Point(1, 2).hashCode(), receivers.counter("last"), "the record arrived equal");
        }
    }

    @Test
    void aStalledTaskDoesNotSlowAnotherStreamOnTheSameConnection() throws Exception {
        long perSource = 200_000;
        StreamTasks.stall = new CountDownLatch(1);
        Processor source = Processor.of(StreamTasks.NumberedSource.class, 2, "source", UserConfig.empty().with(StreamTasks.COUNT, perSource));
        Processor sink = Processor.of(StreamTasks.CheckingSink.class, 2, "sink", UserConfig.empty().with(StreamTasks.STALL_INDEX, 0));
        Application app = Application.of("stall", Graph.of(source.to(Partitioners.coLocation(), sink)));
        GearConfig small = GearConfig.of(Map.of("gearpump.net.stream.window", "1024", "gearpump.task.inbox.capacity", "2048"));
        try (TwoExecutors ex = new TwoExecutors(small)) {
            ex.submit(3, app, task -> task.processorId() == 0 ? 1 : 2);
            try {
                // sink 1's stream finishes although sink 0 has not taken a single message
                AppStatus meanwhile = Poll.until("the free stream to deliver " + perSource, Duration.ofSeconds(60),
                        () -> ex.engine2.status(3), status -> status.processor("sink").received() >= perSource);
                assertEquals(perSource, meanwhile.processor("sink").received(), "the free stream delivered everything");
                assertEquals(0, meanwhile.counter("received.0"), "the stalled task took nothing");
                assertTrue(ex.engine1.status(3).processor("source").sent() < 2 * perSource,
                        "the stalled stream's sender is held back by credit");
            } finally {
                StreamTasks.stall.countDown();
            }
            AppStatus receivers = ex.await2(3);
            assertEquals(AppState.SUCCEEDED, receivers.state(), () -> String.valueOf(receivers.failure()));
            assertEquals(2 * perSource, receivers.counter("received"));
            assertEquals(0, receivers.counter("outOfOrder"));
        }
    }
}
