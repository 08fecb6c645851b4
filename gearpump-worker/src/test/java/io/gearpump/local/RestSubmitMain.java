package io.gearpump.local;

import io.gearpump.core.api.Application;
import io.gearpump.core.api.Cluster;
import io.gearpump.core.api.Graph;
import io.gearpump.core.api.Processor;

import java.util.concurrent.CountDownLatch;

/**
 * An application's main as a user writes it, for {@link RestApiTest}'s jar: submits a ticker and a
 * sink, named by its first argument, to the cluster {@code bin/gear submit} gives it, and returns;
 * with a second argument {@code stay}, it stays until its process is stopped.
 */
public final class RestSubmitMain {

    private RestSubmitMain() {
    }

    public static void main(String[] args) {
        Cluster cluster = Cluster.connect();
        cluster.submit(Application.of(args.length > 0 ? args[0] : "rest-submitted", Graph.of(
                Processor.of(RestApiTest.Ticker.class, 1, "ticker").to(Processor.of(io.gearpump.core.testing.StreamTasks.Discard.class, 1, "sink")))));
        if (args.length > 1 && args[1].equals("stay")) {
            try {
                new CountDownLatch(1).await();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
