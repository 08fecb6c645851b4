package io.gearpump.core.task;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;

/**
 * Routes a task's output: every downstream edge's partitioner picks the target task(s), whose
 * channel buffers the message. Also keeps the task's output watermark, which every batch carries.
 * Confined to the sending task's thread, except the sent count, which status readers may read
 * (the channels array is complete before the task starts).
 */
final class OutputRouter {

    /** One downstream processor: its partitioner and a channel per task. */
    record Edge(String name, Partitioner partitioner, OutputChannel[] targets, int senderIndex) {

        void route(Message m) {
            int n = targets.length;
            int i = partitioner.getPartition(m, n, senderIndex);
            if (i >= 0 && i < n) {
                targets[i].add(m);
            } else if (i == Partitioner.ALL) {
                for (OutputChannel t : targets) {
                    t.add(m);
                }
            } else if (i != Partitioner.DROP) {
                throw new IllegalStateException("partitioner " + partitioner + " on edge " + name + " returned "
                        + i + " for " + n + " tasks; expected 0.." + (n - 1) + ", DROP or ALL");
            }
        }
    }

    private Edge[] edges = new Edge[0];
    private OutputChannel[] channels = new OutputChannel[0];
    private final boolean stampsWatermark;
    private boolean explicitWatermark;
    private long watermark = Long.MIN_VALUE;

    /** {@code stampsWatermark}: a source whose watermark follows the timestamps it outputs. */
    OutputRouter(boolean stampsWatermark) {
        this.stampsWatermark = stampsWatermark;
    }

    void addEdge(Edge e) {
        edges = append(edges, e);
        for (OutputChannel c : e.targets()) {
            channels = append(channels, c);
        }
    }

    void output(Message m) {
        if (stampsWatermark && !explicitWatermark && m.timestamp() > watermark) {
            watermark = m.timestamp();
        }
        for (Edge e : edges) {
            e.route(m);
        }
    }

    /** Flushes every channel (sending the watermark where it advanced). */
    void flushAll() {
        for (OutputChannel c : channels) {
            c.flush(watermark);
        }
    }

    /** Checkpoint {@code checkpointId}'s barrier to every downstream task, after everything output before it. */
    void barrier(long checkpointId) {
        for (OutputChannel c : channels) {
            c.barrier(checkpointId);
        }
    }

    void endOfStream() {
        watermark = Long.MAX_VALUE;
        for (OutputChannel c : channels) {
            c.endOfStream();
        }
    }

    long watermark() {
        return watermark;
    }

    /** Set by the task (explicitly, or from its inputs); never moves back. */
    void advanceWatermark(long w, boolean explicit) {
        explicitWatermark |= explicit;
        if (w > watermark) {
            watermark = w;
        }
    }

    /** Time spent waiting for room on every channel (may be read from any thread). */
    long backPressuredNanos() {
        long total = 0;
        for (OutputChannel c : channels) {
            total += c.backPressuredNanos();
        }
        return total;
    }

    /** Messages handed over on every channel (may be read from any thread). */
    long sent() {
        long total = 0;
        for (OutputChannel c : channels) {
            total += c.sent();
        }
        return total;
    }

    private static <T> T[] append(T[] a, T x) {
        T[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }
}
