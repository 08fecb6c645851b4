package io.gearpump.net.rpc;

import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Platform threads for the control plane's own work: answering requests, completing calls, finding
 * the leader, launching executors. Not
 * virtual threads, which share a few carriers with the application's tasks: with thousands of busy
 * tasks in the JVM a heartbeat's handler waited behind them past the heartbeat timeout (SOL with
 * 5,000 + 5,000 tasks on LocalCluster: the master declared its own worker dead). The OS gives a
 * platform thread its share of the CPU whatever the tasks do. Threads are made as concurrent work
 * needs them (handlers may block) and end after a minute idle.
 */
public final class ControlThreads {

    private static final AtomicInteger NEXT = new AtomicInteger();

    public static final ExecutorService EXECUTOR = Executors.newCachedThreadPool(work -> {
        Thread t = new Thread(work, "gear-control-" + NEXT.incrementAndGet());
        t.setDaemon(true);
        return t;
    });

    private ControlThreads() {
    }
}
