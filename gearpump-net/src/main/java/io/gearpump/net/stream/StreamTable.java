package io.gearpump.net.stream;

import java.util.Arrays;

/**
 * One event loop's table of the inbound streams it delivered frames to, by stream id: found per frame
 * without boxing the id (the hub's concurrent map needs a {@code Long} for every lookup). It is only a
 * cache of that map: emptied whenever the hub's streams change, refilled on demand. Open addressing
 * with linear probing; never shrinks. Loop thread only.
 */
final class StreamTable {

    private long[] ids = new long[16];
    private InboundStream[] streams = new InboundStream[16]; // null: a free slot
    private int size;
    private int generation = -1;

    /** Empties the table unless it was filled in {@code current} (the hub's count of stream changes). */
    void validFor(int current) {
        if (generation != current) {
            Arrays.fill(streams, null);
            size = 0;
            generation = current;
        }
    }

    InboundStream get(long id) {
        int mask = streams.length - 1;
        for (int i = slot(id, mask); streams[i] != null; i = (i + 1) & mask) {
            if (ids[i] == id) {
                return streams[i];
            }
        }
        return null;
    }

    void put(long id, InboundStream stream) {
        if (2 * (size + 1) > streams.length) {
            grow();
        }
        int mask = streams.length - 1;
        int i = slot(id, mask);
        while (streams[i] != null && ids[i] != id) {
            i = (i + 1) & mask;
        }
        if (streams[i] == null) {
            size++;
        }
        ids[i] = id;
        streams[i] = stream;
    }

    private void grow() {
        long[] oldIds = ids;
        InboundStream[] oldStreams = streams;
        ids = new long[oldIds.length * 2];
        streams = new InboundStream[oldStreams.length * 2];
        size = 0;
        for (int i = 0; i < oldStreams.length; i++) {
            if (oldStreams[i] != null) {
                put(oldIds[i], oldStreams[i]);
            }
        }
    }

    private static int slot(long id, int mask) {
        long h = id * 0x9E3779B97F4A7C15L; // app and stream numbers are small and dense: spread them
        return (int) (h >>> 32) & mask;
    }
}
