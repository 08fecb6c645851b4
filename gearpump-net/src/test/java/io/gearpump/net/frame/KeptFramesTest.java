package io.gearpump.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.ReadableByteChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Frames read from a channel and kept in place (as the stream path keeps DATA frames until their
 * task decodes them): the decoder must never read over a kept frame, must bound the memory kept, and
 * must reuse chunks once their frames are released.
 */
@Timeout(30)
class KeptFramesTest {

    /** A channel that hands out {@code bytes} in pieces of random size, as a socket does. */
    private static final class Pieces implements ReadableByteChannel {
        private final byte[] bytes;
        private final Random random;
        private final int maxPiece;
        private int at;

        Pieces(byte[] bytes, long seed, int maxPiece) {
            this.bytes = bytes;
            this.random = new Random(seed);
            this.maxPiece = maxPiece;
        }

        @Override
        public int read(ByteBuffer dst) {
            if (at == bytes.length) {
                return -1;
            }
            int n = Math.min(Math.min(dst.remaining(), bytes.length - at), 1 + random.nextInt(maxPiece));
            dst.put(bytes, at, n);
            at += n;
            return n;
        }

        @Override
        public boolean isOpen() {
            return true;
        }

        @Override
        public void close() {
        }
    }

    private static List<byte[]> payloads(int count, int maxBytes, long seed) {
        Random random = new Random(seed);
        List<byte[]> out = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            byte[] p = new byte[random.nextInt(maxBytes)];
            random.nextBytes(p);
            out.add(p);
        }
        return out;
    }

    private static byte[] wire(List<byte[]> payloads) {
        int total = payloads.stream().mapToInt(p -> 4 + p.length).sum();
        ByteBuffer b = ByteBuffer.allocate(total);
        payloads.forEach(p -> b.putInt(p.length).put(p));
        return b.array();
    }

    private static List<KeptFrame> readAllKept(FrameDecoder decoder, ReadableByteChannel in) throws IOException, FrameException {
        List<KeptFrame> kept = new ArrayList<>();
        while (decoder.readFrom(in, frame -> kept.add(frame.keep(new KeptFrame()))) >= 0) {
            // read on until the end
        }
        return kept;
    }

    private static void assertSame(List<byte[]> payloads, List<KeptFrame> kept) {
        assertEquals(payloads.size(), kept.size());
        for (int i = 0; i < payloads.size(); i++) {
            KeptFrame k = kept.get(i);
            assertArrayEquals(payloads.get(i), Arrays.copyOfRange(k.array(), k.offset(), k.offset() + k.length()),
                    "frame " + i);
        }
    }

    @Test
    void keptFramesStayIntactWhileTheDecoderReadsOnAndTheirChunksComeBackWhenReleased() throws Exception {
        for (long seed = 1; seed <= 5; seed++) {
            List<byte[]> payloads = payloads(4000, 1500, seed); // about 3 MB: several chunks, frames cut at their ends
            FrameDecoder decoder = new FrameDecoder(1 << 20);
            List<KeptFrame> kept = readAllKept(decoder, new Pieces(wire(payloads), seed, 70_000));

            assertSame(payloads, kept);
            assertTrue(decoder.chunksOut() >= 3, "the frames were kept in place, in " + decoder.chunksOut() + " chunks");
            kept.forEach(KeptFrame::release);
            assertEquals(1, decoder.chunksOut(), "released chunks went back; only the one being read into is out");
            assertTrue(decoder.isIdle());
        }
    }

    @Test
    void whenTooMuchIsKeptFramesAreCopiedAndMemoryStaysBounded() throws Exception {
        List<byte[]> payloads = payloads(30_000, 2000, 7); // about 30 MB kept at once, more than 16 chunks of 1 MiB
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        List<KeptFrame> kept = readAllKept(decoder, new Pieces(wire(payloads), 7, 200_000));

        assertSame(payloads, kept);
        assertTrue(decoder.chunksOut() <= 17, "chunks out: " + decoder.chunksOut());
        kept.forEach(KeptFrame::release);
        assertEquals(1, decoder.chunksOut());
    }

    @Test
    void aFrameLargerThanAChunkIsKeptWhole() throws Exception {
        List<byte[]> payloads = List.of(new byte[10], new byte[3 << 20], new byte[7]);
        new Random(8).nextBytes(payloads.get(1));
        FrameDecoder decoder = new FrameDecoder(4 << 20);
        List<KeptFrame> kept = readAllKept(decoder, new Pieces(wire(payloads), 8, 100_000));

        assertSame(payloads, kept);
        kept.forEach(KeptFrame::release);
    }

    @Test
    void framesReleasedAtOnceReuseOneChunk() throws Exception {
        List<byte[]> payloads = payloads(20_000, 500, 9); // 5 MB through one connection, each frame released when read
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        int[] maxOut = {0};
        List<byte[]> seen = new ArrayList<>();
        ReadableByteChannel in = new Pieces(wire(payloads), 9, 64 * 1024);
        while (decoder.readFrom(in, frame -> {
            KeptFrame k = frame.keep(new KeptFrame());
            seen.add(Arrays.copyOfRange(k.array(), k.offset(), k.offset() + k.length()));
            k.release();
            maxOut[0] = Math.max(maxOut[0], decoder.chunksOut());
        }) >= 0) {
            // read on
        }
        assertEquals(payloads.size(), seen.size());
        assertTrue(maxOut[0] <= 1, "chunks out at most " + maxOut[0]);
    }
}
