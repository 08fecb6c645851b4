package io.gearpump.core.task;

import io.gearpump.core.api.Message;

/**
 * One sending task's output to every task of one downstream processor, all in this JVM, without an
 * object per (sender, receiver) pair: a batch and a count per receiver in arrays, made at the first
 * message. A shuffle between 2,000 and 2,000 tasks has 4 M such pairs; as objects they cost 60 B
 * each and seconds of building and copying by young collections before the first record. Used only
 * where no watermark goes alone on a pair (receivers read it from {@link ProcessorWatermarks}).
 * Each receiver numbers the edge's senders in a row from its own first channel. Confined to the
 * sending task's thread, like {@link LocalChannel}, whose hand-over it repeats per receiver.
 */
final class LocalFanOut implements Outlet {

    private final LocalLinks links;
    private final Inbox[] inboxes;     // per receiver, shared by the edge's senders
    private final int[] firstChannels; // per receiver: its input channel from sender 0 of this edge
    private final int sender;
    // made at the first message, on the sending task's thread: thousands of senders' arrays are not
    // all allocated (and first touched) by the thread building the application before any can start
    private Message[][] batches;
    private int[] sizes;
    private boolean[] flushWanted; // a message came for this receiver since the last flush
    private int[] wanting = new int[16];  // the receivers with flushWanted set
    private int wantingCount;

    LocalFanOut(LocalLinks links, Inbox[] inboxes, int[] firstChannels, int sender) {
        this.links = links;
        this.inboxes = inboxes;
        this.firstChannels = firstChannels;
        this.sender = sender;
    }

    int receivers() {
        return inboxes.length;
    }

    /** Buffers {@code m} for receiver {@code r}; true when this fan-out has just begun to need a {@link #flush}. */
    boolean add(int r, Message m) {
        if (batches == null) {
            batches = new Message[inboxes.length][];
            sizes = new int[inboxes.length];
            flushWanted = new boolean[inboxes.length];
        }
        Message[] batch = batches[r];
        if (batch == null) {
            batch = batches[r] = new Message[links.batchSize];
        }
        int n = sizes[r];
        batch[n++] = m;
        sizes[r] = n;
        boolean first = false;
        if (!flushWanted[r]) { // looked at once per batch, not per message
            flushWanted[r] = true;
            first = wantingCount == 0;
            if (wantingCount == wanting.length) {
                wanting = java.util.Arrays.copyOf(wanting, Math.min(inboxes.length, 2 * wanting.length));
            }
            wanting[wantingCount++] = r;
        }
        if (n == links.batchSize) {
            handOver(r, links.watermark.getAsLong());
        }
        return first;
    }

    /** Hands over what is buffered for each receiver that got messages since the last flush. */
    @Override
    public void flush(long watermark) {
        for (int i = 0; i < wantingCount; i++) {
            int r = wanting[i];
            flushWanted[r] = false;
            if (sizes[r] > 0) {
                handOver(r, watermark);
            }
        }
        wantingCount = 0;
    }

    private void handOver(int r, long watermark) {
        int n = sizes[r];
        links.send(inboxes[r], Batch.of(batches[r], n, firstChannels[r] + sender, watermark, links.clock.nanoTime()));
        links.handedOver(n);
        batches[r] = null; // it went with the batch; the next message allocates one
        sizes[r] = 0;
    }

    @Override
    public void barrier(long checkpointId) {
        long w = links.watermark.getAsLong();
        flush(w);
        for (int r = 0; r < inboxes.length; r++) {
            links.send(inboxes[r], Batch.barrier(firstChannels[r] + sender, w, checkpointId));
        }
    }

    @Override
    public void endOfStream() {
        flush(Long.MAX_VALUE);
        for (int r = 0; r < inboxes.length; r++) {
            links.send(inboxes[r], Batch.endOfStream(firstChannels[r] + sender));
        }
    }

    @Override
    public boolean sendsWatermarkAlone() {
        return false;
    }

    /** Counted for the whole edge by {@link LocalLinks#sent}. */
    @Override
    public long sent() {
        return 0;
    }
}
