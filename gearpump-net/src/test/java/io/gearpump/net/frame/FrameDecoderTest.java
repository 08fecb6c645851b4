package io.gearpump.net.frame;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.sun.management.ThreadMXBean;

import java.io.ByteArrayOutputStream;
import java.lang.management.ManagementFactory;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The frame codec on its own: bytes in any pieces, limits, garbage. No sockets. */
@Timeout(10)
class FrameDecoderTest {

    private final List<byte[]> frames = new ArrayList<>();
    private final FrameDecoder.FrameSink sink = frames::add;

    private static byte[] frame(byte[] payload) {
        return ByteBuffer.allocate(4 + payload.length).putInt(payload.length).put(payload).array();
    }

    private static byte[] header(int length) {
        return ByteBuffer.allocate(4).putInt(length).array();
    }

    private static byte[] bytes(int n, int seed) {
        byte[] b = new byte[n];
        new Random(seed).nextBytes(b);
        return b;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    @Test
    void headerSplitByteByByteThenPayloadByteByByte() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(1024);
        byte[] payload = bytes(37, 1);
        for (byte b : frame(payload)) {
            assertTrue(frames.isEmpty(), "a frame was delivered before its last byte");
            decoder.feed(ByteBuffer.wrap(new byte[] {b}), sink);
        }
        assertEquals(1, frames.size());
        assertArrayEquals(payload, frames.get(0));
        assertTrue(decoder.isIdle());
    }

    @Test
    void partialHeaderIsNotIdleAndWaits() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(1024);
        decoder.feed(ByteBuffer.wrap(new byte[] {0, 0}), sink);
        assertFalse(decoder.isIdle());
        assertTrue(frames.isEmpty());
        decoder.feed(ByteBuffer.wrap(new byte[] {0, 3, 7, 8}), sink);
        assertFalse(decoder.isIdle(), "2 of 3 payload bytes are in");
        decoder.feed(ByteBuffer.wrap(new byte[] {9}), sink);
        assertArrayEquals(new byte[] {7, 8, 9}, frames.get(0));
        assertTrue(decoder.isIdle());
    }

    @Test
    void twoFramesInOneRead() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(1024);
        byte[] a = bytes(10, 2);
        byte[] b = bytes(300, 3);
        ByteBuffer in = ByteBuffer.wrap(concat(frame(a), frame(b)));
        decoder.feed(in, sink);
        assertEquals(2, frames.size());
        assertArrayEquals(a, frames.get(0));
        assertArrayEquals(b, frames.get(1));
        assertFalse(in.hasRemaining(), "everything was consumed");
        assertTrue(decoder.isIdle());
    }

    @Test
    void manyFramesCutAtEveryPossiblePlace() throws FrameException {
        byte[][] payloads = {bytes(1, 4), new byte[0], bytes(200, 5), bytes(3, 6), bytes(64, 7)};
        byte[] stream = concat(frame(payloads[0]), frame(payloads[1]), frame(payloads[2]), frame(payloads[3]),
                frame(payloads[4]));
        for (int cut1 = 0; cut1 <= stream.length; cut1++) {
            for (int cut2 = cut1; cut2 <= stream.length; cut2 += 7) {
                frames.clear();
                FrameDecoder decoder = new FrameDecoder(1024);
                decoder.feed(ByteBuffer.wrap(stream, 0, cut1), sink);
                decoder.feed(ByteBuffer.wrap(stream, cut1, cut2 - cut1), sink);
                decoder.feed(ByteBuffer.wrap(stream, cut2, stream.length - cut2), sink);
                assertEquals(payloads.length, frames.size(), "cuts at " + cut1 + " and " + cut2);
                for (int i = 0; i < payloads.length; i++) {
                    assertArrayEquals(payloads[i], frames.get(i), "frame " + i + ", cuts at " + cut1 + " and " + cut2);
                }
            }
        }
    }

    @Test
    void oneFrameSplitOverManyReads() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        byte[] payload = bytes(100_000, 8);
        byte[] wire = frame(payload);
        Random random = new Random(9);
        int reads = 0;
        for (int at = 0; at < wire.length; reads++) {
            int n = Math.min(wire.length - at, 1 + random.nextInt(1500));
            decoder.feed(ByteBuffer.wrap(wire, at, n), sink);
            at += n;
            assertEquals(at == wire.length ? 1 : 0, frames.size());
        }
        assertTrue(reads > 100, "split over " + reads + " reads");
        assertArrayEquals(payload, frames.get(0));
    }

    @Test
    void aFrameOfExactlyTheMaximumIsAccepted() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(4096);
        byte[] payload = bytes(4096, 10);
        decoder.feed(ByteBuffer.wrap(frame(payload)), sink);
        assertArrayEquals(payload, frames.get(0));
    }

    @Test
    void aFrameOneByteOverTheMaximumIsRefusedFromItsHeader() {
        FrameDecoder decoder = new FrameDecoder(4096);
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(ByteBuffer.wrap(header(4097)), sink));
        assertTrue(e.getMessage().contains("4097") && e.getMessage().contains("gearpump.net.frame.max.bytes"), e.getMessage());
        assertTrue(frames.isEmpty());
    }

    @Test
    void aNegativeLengthIsRefused() {
        FrameDecoder decoder = new FrameDecoder(4096);
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(ByteBuffer.wrap(header(-1)), sink));
        assertTrue(e.getMessage().contains("-1"), e.getMessage());
        assertThrows(FrameException.class,
                () -> new FrameDecoder(4096).feed(ByteBuffer.wrap(header(Integer.MIN_VALUE)), sink));
    }

    @Test
    void aZeroLengthFrameIsDeliveredEmpty() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(16);
        decoder.feed(ByteBuffer.wrap(concat(header(0), header(0), frame(new byte[] {1}))), sink);
        assertEquals(3, frames.size());
        assertEquals(0, frames.get(0).length);
        assertEquals(0, frames.get(1).length);
        assertArrayEquals(new byte[] {1}, frames.get(2));
    }

    @Test
    void aHugeClaimedLengthIsRefusedBeforeAnythingIsAllocated() throws FrameException {
        // A 2 GiB claim against a 1 KiB limit is refused from the 4 header bytes alone, and the bytes
        // this thread allocates meanwhile (the exception and its message) are nowhere near the claim.
        var threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        assumeTrue(threads.isThreadAllocatedMemorySupported());
        threads.setThreadAllocatedMemoryEnabled(true);
        long thread = Thread.currentThread().threadId();
        for (int warmUp = 0; warmUp < 3; warmUp++) {
            assertThrows(FrameException.class, () -> new FrameDecoder(1024).feed(ByteBuffer.wrap(header(1 << 30)), sink));
        }
        FrameDecoder decoder = new FrameDecoder(1024);
        ByteBuffer claim = ByteBuffer.wrap(header(Integer.MAX_VALUE));
        long before = threads.getThreadAllocatedBytes(thread);
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(claim, sink));
        long allocated = threads.getThreadAllocatedBytes(thread) - before;
        assertTrue(allocated < 64 * 1024, "refusing the claim allocated " + allocated + " bytes");
        assertTrue(e.getMessage().contains(String.valueOf(Integer.MAX_VALUE)), e.getMessage());
        assertTrue(frames.isEmpty());
    }

    @Test
    void aSmallerLimitAppliesFromTheNextFrameAndNamesItself() throws FrameException {
        FrameDecoder decoder = new FrameDecoder(1 << 20);
        decoder.maxFrameBytes(8, "the limit before authentication");
        decoder.feed(ByteBuffer.wrap(frame(bytes(8, 11))), sink);
        FrameException e = assertThrows(FrameException.class, () -> decoder.feed(ByteBuffer.wrap(header(9)), sink));
        assertTrue(e.getMessage().contains("the limit before authentication"), e.getMessage());

        frames.clear();
        FrameDecoder raised = new FrameDecoder(1 << 20);
        raised.maxFrameBytes(8, "small");
        raised.feed(ByteBuffer.wrap(frame(bytes(8, 12))), payload -> {
            frames.add(payload);
            raised.maxFrameBytes(1 << 20, FrameDecoder.CONFIGURED_LIMIT); // as a handshake does once done
        });
        raised.feed(ByteBuffer.wrap(frame(bytes(5000, 13))), sink);
        assertEquals(List.of(8, 5000), frames.stream().map(f -> f.length).toList());
    }

    @Test
    void garbageIsRefusedOrHeldNeverDeliveredAsSomethingElse() {
        // Random bytes: either a frame whose length fits, a refusal, or bytes held for later.
        Random random = new Random(14);
        int refused = 0;
        for (int i = 0; i < 2000; i++) {
            FrameDecoder decoder = new FrameDecoder(256);
            byte[] garbage = bytes(1 + random.nextInt(600), random.nextInt());
            List<byte[]> got = new ArrayList<>();
            try {
                decoder.feed(ByteBuffer.wrap(garbage), got::add);
            } catch (FrameException e) {
                refused++;
                continue;
            }
            int at = 0;
            for (byte[] f : got) { // whatever was delivered is exactly what the stream said
                assertEquals(ByteBuffer.wrap(garbage, at, 4).getInt(), f.length);
                assertArrayEquals(Arrays.copyOfRange(garbage, at + 4, at + 4 + f.length), f);
                at += 4 + f.length;
            }
        }
        assertTrue(refused > 1900, "random headers are nearly always out of range; refused " + refused);
    }

    @Test
    void aLimitCannotBeNegative() {
        assertThrows(IllegalArgumentException.class, () -> new FrameDecoder(-1));
    }
}
