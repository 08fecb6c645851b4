package io.gearpump.net.stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.api.Message;
import io.gearpump.core.config.GearConfig;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.net.protocol.NetWire;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.Test;

/** A sender's frame buffers: reused once written, never while a frame in them is still queued. */
class FrameBuffersTest {

    private final WireCodec codec = new WireCodec(NetWire.builder(GearConfig.defaults(), getClass().getClassLoader()).build(), 1 << 20);

    @Test
    void aWrittenBufferIsTakenAgainAndOneStillQueuedIsNot() {
        FrameBuffers buffers = new FrameBuffers();
        FrameBuffers.Buffer first = buffers.take();
        FrameBuffers.Buffer second = buffers.take();
        assertNotSame(first, second, "the first is still queued on the connection");

        first.written();
        assertSame(first, buffers.take(), "written: its buffer is reused");
        assertNotSame(second, buffers.take());
    }

    @Test
    void aFrameLargerThanItsBufferGrowsItAndTheLargerArrayIsKept() {
        FrameBuffers buffers = new FrameBuffers();
        Message[] messages = new Message[100];
        Arrays.setAll(messages, i -> new Message("x".repeat(200), i));

        FrameBuffers.Buffer b = StreamFrames.data(buffers.take(), codec, 1, 2, messages, 0, 100, 5, false, StreamFrames.NO_BARRIER);
        int length = b.bytes().remaining();
        byte[] grown = b.array();
        b.written();

        FrameBuffers.Buffer again = buffers.take();
        assertSame(grown, again.array(), "the grown array came back with its buffer");
        FrameBuffers.Buffer same = StreamFrames.data(again, codec, 1, 2, messages, 0, 100, 5, false, StreamFrames.NO_BARRIER);
        assertEquals(length, same.bytes().remaining());
        assertSame(grown, same.array(), "the same frame fits without growing again");
    }

    @Test
    void aBatchOfLargeMessagesIsCutIntoFramesThatFitAReadChunk() {
        FrameBuffers buffers = new FrameBuffers();
        Message[] messages = new Message[100];
        Arrays.setAll(messages, i -> new Message(new byte[10_000], i));

        FrameBuffers.Buffer b = StreamFrames.data(buffers.take(), codec, 1, 2, messages, 0, 100, 5, false, StreamFrames.NO_BARRIER);
        int length = b.bytes().remaining();
        assertTrue(b.messages() < 100, b.messages() + " messages went in");
        assertTrue(length >= StreamFrames.FRAME_BYTES && length < StreamFrames.FRAME_BYTES + 10_100,
                "messages go in until the frame passes " + StreamFrames.FRAME_BYTES + " bytes; it has " + length);
        StreamFrames.DataHeader h = StreamFrames.readDataHeader(codec.input(b.array(), 4, length - 4), 4);
        assertEquals(b.messages(), h.count(), "the header says how many went in");
    }

    @Test
    void aSenderWhoseFramesAreNotWrittenWaitsAfterAFewAndGoesOnWhenOneIsWritten() throws Exception {
        FrameBuffers buffers = new FrameBuffers();
        java.util.List<FrameBuffers.Buffer> queued = new java.util.ArrayList<>();
        for (int i = 0; i < FrameBuffers.MAX_QUEUED; i++) {
            assertTrue(!buffers.full(), "room for frame " + i);
            queued.add(buffers.take());
        }
        assertTrue(buffers.full(), "the socket has not taken any: the sender must wait");

        Thread sender = Thread.ofVirtual().start(() -> {
            while (buffers.full()) {
                buffers.awaitRoom(60_000_000_000L); // woken by the write, not by the timeout
            }
        });
        Thread.ofPlatform().start(queued.get(3)::written).join();
        sender.join(10_000);
        assertTrue(!sender.isAlive(), "the write woke the waiting sender");
        assertTrue(!buffers.full());
    }

    @Test
    void buffersComeBackFromTheWritingThread() throws Exception {
        FrameBuffers buffers = new FrameBuffers();
        FrameBuffers.Buffer b = buffers.take();
        Thread writer = Thread.ofPlatform().start(b::written);
        writer.join();
        assertSame(b, buffers.take());
    }

    @Test
    void theFrameDecodesToWhatWasEncoded() {
        FrameBuffers buffers = new FrameBuffers();
        Message[] messages = {new Message("a", 1), new Message(42L, 2), new Message("c", 3)};
        FrameBuffers.Buffer b = StreamFrames.data(buffers.take(), codec, 7, 9, messages, 1, 2, 11, false,
                StreamFrames.NO_BARRIER);
        byte[] frame = Arrays.copyOfRange(b.array(), 0, b.bytes().limit());
        int length = java.nio.ByteBuffer.wrap(frame).getInt();
        assertEquals(frame.length - 4, length, "the length prefix is patched in");

        StreamFrames.DataHeader h = StreamFrames.readDataHeader(codec.input(frame, 4, length), 4);
        assertEquals(7, h.app());
        assertEquals(9, h.stream());
        assertEquals(2, h.count());
        assertEquals(11, h.watermark());
        AtomicReference<Message[]> into = new AtomicReference<>(new Message[0]);
        Message[] decoded = StreamFrames.readMessages(codec, frame, 4 + h.bodyOffset(), frame.length, 2, into.get());
        assertArrayEquals(new Object[] {42L, "c"}, new Object[] {decoded[0].value(), decoded[1].value()});
        assertEquals(3, decoded[1].timestamp());
    }
}
