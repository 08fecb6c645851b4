package io.gearpump.net.stream;

import io.gearpump.core.api.AppStatus;
import io.gearpump.core.api.Application;
import io.gearpump.core.api.TaskId;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.runtime.LocalEngine;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.loop.EventLoopGroup;
import io.gearpump.net.protocol.NetWire;
import io.gearpump.net.auth.Handshakes;

import java.time.Duration;
import java.time.Instant;
import java.util.function.ToIntFunction;

/** Two executors in one test JVM, each with its own loops, hub and engine, connected over loopback TCP. */
final class TwoExecutors implements AutoCloseable {

    final GearConfig config;
    final EventLoopGroup loops1;
    final EventLoopGroup loops2;
    final StreamHub hub1;
    final StreamHub hub2;
    final LocalEngine engine1;
    final LocalEngine engine2;

    TwoExecutors(GearConfig config) throws Exception {
        this.config = config;
        WireRegistry registry = NetWire.registry(config, getClass().getClassLoader());
        int maxFrame = config.get(GearConfig.FRAME_MAX_BYTES);
        loops1 = new EventLoopGroup("exec1", 1, maxFrame);
        loops2 = new EventLoopGroup("exec2", 1, maxFrame);
        hub1 = new StreamHub(1, config, registry, loops1, Handshakes.fromConfig(config), 0);
        hub2 = new StreamHub(2, config, registry, loops2, Handshakes.fromConfig(config), 0);
        hub1.addPeer(2, hub2.address());
        hub2.addPeer(1, hub1.address());
        engine1 = new LocalEngine(config);
        engine2 = new LocalEngine(config);
    }

    /** Starts the application's two parts; {@code placement} maps every task to executor 1 or 2. */
    void submit(int appId, Application app, ToIntFunction<TaskId> placement) {
        engine1.submitPart(appId, app, hub1.links(placement), Instant.EPOCH);
        engine2.submitPart(appId, app, hub2.links(placement), Instant.EPOCH);
    }

    AppStatus await1(int appId) throws InterruptedException {
        return engine1.awaitTermination(appId, Duration.ofSeconds(60));
    }

    AppStatus await2(int appId) throws InterruptedException {
        return engine2.awaitTermination(appId, Duration.ofSeconds(60));
    }

    @Override
    public void close() throws Exception {
        try {
            engine1.close();
            engine2.close();
        } finally {
            hub1.close();
            hub2.close();
            loops1.close();
            loops2.close();
        }
    }
}
