package io.gearpump.core.task;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;

/**
 * Routes a task's output: every downstream edge's partitioner picks the target task(s), whose
 * channel buffers the message. Keeps the channels that got a message since they were last flushed,
 * so that flushing them costs what was sent, not the fan-out. Also keeps the task's output
 * watermark, which every batch carries, and whether channels without data still need it.
 * Confined to the sending task's thread, except the sent count, which status readers may read
 * (those counts are kept per edge, complete before the task starts).
 */
final class OutputRouter {

    /**
     * One downstream processor: its partitioner and a channel per task; where {@code maker} is set, a
     * channel is made at its first use (null targets until then).
     */
    record Edge(String name, Partitioner partitioner, OutputChannel[] targets, int senderIndex, LocalChannelMaker maker) {

        Edge(String name, Partitioner partitioner, OutputChannel[] targets, int senderIndex) {
            this(name, partitioner, targets, senderIndex, null);
        }

        void route(Message m, OutputRouter router) {
            int n = targets.length;
            int i = partitioner.getPartition(m, n, senderIndex);
            if (i >= 0 && i < n) {
                OutputChannel t = targets[i];
                if (t == null) {
                    t = made(i, router);
                }
                if (t.add(m)) {
                    router.flushWanted(t);
                }
            } else if (i == Partitioner.ALL) {
                for (int j = 0; j < n; j++) {
                    OutputChannel t = targets[j] == null ? made(j, router) : targets[j];
                    if (t.add(m)) {
                        router.flushWanted(t);
                    }
                }
            } else if (i != Partitioner.DROP) {
                throw new IllegalStateException("partitioner " + partitioner + " on edge " + name + " returned "
                        + i + " for " + n + " tasks; expected 0.." + (n - 1) + ", DROP or ALL");
            }
        }

        private OutputChannel made(int i, OutputRouter router) {
            if (maker == null) {
                throw new IllegalStateException("partitioner " + partitioner + " on edge " + name + " returned " + i
                        + ", a task this sender does not reach (a one-to-one edge reaches one)");
            }
            OutputChannel c = maker.make(i);
            targets[i] = c;
            router.channels = append(router.channels, router.channelCount++, c);
            return c;
        }

        /** Makes the channels not made yet: a barrier or the end of the stream goes to every one. */
        void makeAll(OutputRouter router) {
            if (maker != null) {
                for (int i = 0; i < targets.length; i++) {
                    if (targets[i] == null) {
                        made(i, router);
                    }
                }
            }
        }
    }

    private Edge[] edges = new Edge[0];
    private OutputChannel[] channels = new OutputChannel[0]; // made so far: grows as edges with a maker make theirs
    private int channelCount;
    private LocalLinks[] localLinks = new LocalLinks[0];
    private OutputChannel[] selfCounting = new OutputChannel[0]; // channels that count what they send (not local ones)
    private OutputChannel[] wanting = new OutputChannel[0]; // channels with a message since their last flush
    private int wantingCount;
    private final boolean stampsWatermark;
    private boolean explicitWatermark;
    private long watermark = Long.MIN_VALUE;
    private long watermarkToAll = Long.MIN_VALUE; // as of the last flush of every channel
    private boolean watermarkAlone; // some channel sends the watermark alone

    /** {@code stampsWatermark}: a source whose watermark follows the timestamps it outputs. */
    OutputRouter(boolean stampsWatermark) {
        this.stampsWatermark = stampsWatermark;
    }

    /** What the local channels of one edge share (their waits are counted there). */
    void addLocalLinks(LocalLinks links) {
        localLinks = append(localLinks, links);
    }

    void addEdge(Edge e) {
        edges = append(edges, e);
        channels = java.util.Arrays.copyOf(channels, channelCount + e.targets().length); // once per edge: fan-outs run to thousands
        for (OutputChannel c : e.targets()) {
            if (c != null) { // null: a task this sender never reaches (co-location), or a channel made at first use
                channels[channelCount++] = c;
                watermarkAlone |= c.sendsWatermarkAlone();
            }
        }
        java.util.List<OutputChannel> counting = new java.util.ArrayList<>(java.util.List.of(selfCounting));
        for (OutputChannel c : e.targets()) {
            if (c != null && !(c instanceof LocalChannel)) {
                counting.add(c);
            }
        }
        selfCounting = counting.toArray(OutputChannel[]::new);
    }

    void output(Message m) {
        if (stampsWatermark && !explicitWatermark && m.timestamp() > watermark) {
            watermark = m.timestamp();
        }
        for (Edge e : edges) {
            e.route(m, this);
        }
    }

    private void flushWanted(OutputChannel c) {
        if (wantingCount == wanting.length) { // grows with use: most tasks write to few of their channels between flushes
            wanting = java.util.Arrays.copyOf(wanting, Math.min(channelCount, Math.max(16, 2 * wantingCount)));
        }
        wanting[wantingCount++] = c; // at most once per channel between two flushes: add says when
    }

    /** Flushes the channels that got messages since their last flush. */
    void flushWanted() {
        for (int i = 0; i < wantingCount; i++) {
            wanting[i].flush(watermark);
            wanting[i] = null;
        }
        wantingCount = 0;
    }

    /** Flushes every channel, sending the watermark alone where no data carried it. */
    void flushAll() {
        for (int i = 0; i < channelCount; i++) { // a channel not made yet holds nothing
            channels[i].flush(watermark);
        }
        forgetWanted();
        watermarkToAll = watermark;
    }

    /** Whether the watermark advanced since every channel last had it ({@link #flushAll} would send it alone). */
    boolean watermarkOwed() {
        return watermarkAlone && watermark > watermarkToAll;
    }

    private void forgetWanted() {
        java.util.Arrays.fill(wanting, 0, wantingCount, null);
        wantingCount = 0;
    }

    /** Checkpoint {@code checkpointId}'s barrier to every downstream task, after everything output before it. */
    void barrier(long checkpointId) {
        makeAll();
        for (int i = 0; i < channelCount; i++) {
            channels[i].barrier(checkpointId);
        }
        forgetWanted();
        watermarkToAll = watermark;
    }

    void endOfStream() {
        watermark = Long.MAX_VALUE;
        makeAll();
        for (int i = 0; i < channelCount; i++) {
            channels[i].endOfStream();
        }
        forgetWanted();
        watermarkToAll = watermark;
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
        for (OutputChannel c : selfCounting) {
            total += c.backPressuredNanos();
        }
        for (LocalLinks l : localLinks) {
            total += l.backPressuredNanos();
        }
        return total;
    }

    /** Messages handed over on every channel (may be read from any thread). */
    long sent() {
        long total = 0;
        for (OutputChannel c : selfCounting) {
            total += c.sent();
        }
        for (LocalLinks l : localLinks) {
            total += l.sent();
        }
        return total;
    }

    private void makeAll() {
        for (Edge e : edges) {
            e.makeAll(this);
        }
    }

    /** {@code a} with {@code x} at {@code size}, grown by doubling when full. */
    private static <T> T[] append(T[] a, int size, T x) {
        T[] b = size < a.length ? a : java.util.Arrays.copyOf(a, Math.max(16, 2 * a.length));
        b[size] = x;
        return b;
    }

    private static <T> T[] append(T[] a, T x) {
        T[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }
}
