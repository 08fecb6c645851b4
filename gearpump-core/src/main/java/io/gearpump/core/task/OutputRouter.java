package io.gearpump.core.task;

import io.gearpump.core.api.Message;
import io.gearpump.core.api.Partitioner;

/**
 * Routes a task's output: every downstream edge's partitioner picks the target task(s), whose
 * channel buffers the message. Keeps the channels that got a message since they were last flushed,
 * so that flushing them costs what was sent, not the fan-out. Also keeps the task's output
 * watermark, which every batch carries, and whether channels without data still need it.
 * Confined to the sending task's thread, except the sent count, which status readers may read
 * (the channels array is complete before the task starts).
 */
final class OutputRouter {

    /**
     * One downstream processor: its partitioner and a channel per task, or, where every task of the
     * edge is in this JVM and the fan-out is wide, one {@link LocalFanOut} for them all ({@code targets} empty).
     */
    record Edge(String name, Partitioner partitioner, OutputChannel[] targets, int senderIndex, LocalFanOut fanOut) {

        /** A one-to-one edge's partitioner: its sender has the one target. */
        static final Partitioner ONLY_TARGET = (message, receivers) -> 0;

        Edge(String name, Partitioner partitioner, OutputChannel[] targets, int senderIndex) {
            this(name, partitioner, targets, senderIndex, null);
        }

        /** Whether every message goes to the one target (a one-to-one edge: co-location, chained or not). */
        boolean oneToOne() {
            return partitioner == ONLY_TARGET && fanOut == null && targets.length == 1 && targets[0] != null;
        }

        void route(Message m, OutputRouter router) {
            int n = fanOut == null ? targets.length : fanOut.receivers();
            int i = partitioner.getPartition(m, n, senderIndex);
            if (i >= 0 && i < n) {
                to(i, m, router);
            } else if (i == Partitioner.ALL) {
                for (int j = 0; j < n; j++) {
                    to(j, m, router);
                }
            } else if (i != Partitioner.DROP) {
                throw new IllegalStateException("partitioner " + partitioner + " on edge " + name + " returned "
                        + i + " for " + n + " tasks; expected 0.." + (n - 1) + ", DROP or ALL");
            }
        }

        private void to(int i, Message m, OutputRouter router) {
            if (fanOut != null) {
                if (fanOut.add(i, m)) {
                    router.flushWanted(fanOut);
                }
            } else if (targets[i].add(m)) {
                router.flushWanted(targets[i]);
            }
        }

        /** What the router flushes, ends and gives barriers to on this edge. */
        Outlet[] outlets() {
            return fanOut == null ? targets : new Outlet[] {fanOut};
        }
    }

    private Edge[] edges = new Edge[0];
    private OutputChannel sole; // the channel of the only edge when it is one-to-one: output needs no partitioner
    private Outlet[] channels = new Outlet[0];
    private LocalLinks[] localLinks = new LocalLinks[0];
    private Outlet[] selfCounting = new Outlet[0]; // channels that count what they send (not local ones)
    private Outlet[] wanting = new Outlet[0]; // channels with a message since their last flush
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
        sole = edges.length == 1 && e.oneToOne() ? e.targets()[0] : null;
        Outlet[] outlets = e.outlets();
        int n = channels.length;
        channels = java.util.Arrays.copyOf(channels, n + outlets.length); // once per edge: fan-outs run to thousands
        for (Outlet c : outlets) {
            if (c != null) { // null: a task this sender never reaches (co-location)
                channels[n++] = c;
                watermarkAlone |= c.sendsWatermarkAlone();
            }
        }
        channels = java.util.Arrays.copyOf(channels, n);
        java.util.List<Outlet> counting = new java.util.ArrayList<>(java.util.List.of(selfCounting));
        for (Outlet c : outlets) {
            if (c != null && !(c instanceof LocalChannel) && !(c instanceof LocalFanOut)) {
                counting.add(c);
            }
        }
        selfCounting = counting.toArray(Outlet[]::new);
    }

    void output(Message m) {
        if (stampsWatermark && !explicitWatermark && m.timestamp() > watermark) {
            watermark = m.timestamp();
        }
        OutputChannel only = sole;
        if (only != null) {
            if (only.add(m)) {
                flushWanted(only);
            }
            return;
        }
        for (Edge e : edges) {
            e.route(m, this);
        }
    }

    private void flushWanted(Outlet c) {
        if (wantingCount == wanting.length) { // grows with use: most tasks write to few of their channels between flushes
            wanting = java.util.Arrays.copyOf(wanting, Math.min(channels.length, Math.max(16, 2 * wantingCount)));
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
        for (Outlet c : channels) {
            c.flush(watermark);
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
        for (Outlet c : channels) {
            c.barrier(checkpointId);
        }
        forgetWanted();
        watermarkToAll = watermark;
    }

    void endOfStream() {
        watermark = Long.MAX_VALUE;
        for (Outlet c : channels) {
            c.endOfStream();
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
        for (Outlet c : selfCounting) {
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
        for (Outlet c : selfCounting) {
            total += c.sent();
        }
        for (LocalLinks l : localLinks) {
            total += l.sent();
        }
        return total;
    }

    private static <T> T[] append(T[] a, T x) {
        T[] b = java.util.Arrays.copyOf(a, a.length + 1);
        b[a.length] = x;
        return b;
    }
}
