package io.gearpump.net.stream;

import com.esotericsoftware.kryo.io.Input;
import com.esotericsoftware.kryo.io.Output;

import io.gearpump.core.api.Message;
import io.gearpump.core.serialization.WireCodec;
import io.gearpump.net.protocol.FrameKind;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * Layout of the stream frames (after the 4-byte length):
 * <pre>
 * DATA:   kind, varint app, varint stream, int count, long watermark, byte flags
 *         (1: end of stream, 2: a checkpoint's barrier), [varlong checkpoint id, if a barrier],
 *         count x (varlong timestamp, Kryo class-and-object value)
 * CREDIT: kind, varint app, varint stream, varint messages
 * HELLO:  kind, varint executor id
 * </pre>
 * Encoding runs on the sending task's thread with its own codec; the DATA header is read on the
 * event loop, the messages on the receiving task's thread.
 */
final class StreamFrames {

    /** The DATA header as the event loop reads it; {@code bodyOffset} is where the messages start. */
    record DataHeader(int app, int stream, int count, long watermark, boolean endOfStream, long barrier, int bodyOffset) {
    }

    private static final int END_OF_STREAM = 1;
    private static final int BARRIER = 2;
    /** In {@link #data}: no barrier. */
    static final long NO_BARRIER = 0;

    private StreamFrames() {
    }

    /**
     * A frame stops taking messages once it holds this many bytes (at least one message goes in every
     * frame), so frames of large messages still fit the receiver's read chunks and are read in place.
     */
    static final int FRAME_BYTES = 128 * 1024;

    /**
     * Encodes a DATA frame of up to {@code count} messages from {@code messages[from]} into
     * {@code frame} with the calling thread's codec; {@link FrameBuffers.Buffer#messages} says how many
     * went in.
     */
    static FrameBuffers.Buffer data(FrameBuffers.Buffer frame, WireCodec codec, int app, int stream, Message[] messages,
                                    int from, int count, long watermark, boolean endOfStream, long barrier) {
        Output out = codec.outputOver(frame.array());
        out.writeInt(0); // length, patched below
        out.writeByte(FrameKind.DATA);
        out.writeVarInt(app, true);
        out.writeVarInt(stream, true);
        int countAt = out.position();
        out.writeInt(0); // count, patched below
        out.writeLong(watermark);
        out.writeByte((endOfStream ? END_OF_STREAM : 0) | (barrier != NO_BARRIER ? BARRIER : 0));
        if (barrier != NO_BARRIER) {
            out.writeVarLong(barrier, true);
        }
        int n = 0;
        while (n < count && (n == 0 || out.position() < FRAME_BYTES)) {
            out.writeVarLong(messages[from + n].timestamp(), false);
            codec.writeObject(out, messages[from + n].value());
            n++;
        }
        byte[] bytes = out.getBuffer(); // a larger copy if the frame outgrew the buffer
        int length = out.position();
        putInt(bytes, 0, length - 4);
        putIntLittleEndian(bytes, countAt, n); // as Kryo's writeInt wrote the placeholder
        return frame.filled(bytes, length, n);
    }

    static ByteBuffer credit(int app, int stream, int messages) {
        Output out = new Output(24);
        out.writeInt(0);
        out.writeByte(FrameKind.CREDIT);
        out.writeVarInt(app, true);
        out.writeVarInt(stream, true);
        out.writeVarInt(messages, true);
        return frame(out);
    }

    static ByteBuffer hello(int executorId) {
        Output out = new Output(16);
        out.writeInt(0);
        out.writeByte(FrameKind.HELLO);
        out.writeVarInt(executorId, true);
        return frame(out);
    }

    /** The header of the DATA frame at {@code payload[offset, offset + length)}; its body offset is from {@code offset}. */
    static DataHeader readDataHeader(Input in, int offset) {
        in.setPosition(offset + 1);
        int app = in.readVarInt(true);
        int stream = in.readVarInt(true);
        int count = in.readInt();
        long watermark = in.readLong();
        int flags = in.readByte();
        if (count < 0) {
            throw new IllegalArgumentException("negative message count " + count);
        }
        if ((flags & ~(END_OF_STREAM | BARRIER)) != 0) {
            throw new IllegalArgumentException("unknown DATA flags " + flags);
        }
        long barrier = (flags & BARRIER) != 0 ? in.readVarLong(true) : NO_BARRIER;
        if ((flags & BARRIER) != 0 && (barrier <= 0 || count != 0)) {
            throw new IllegalArgumentException("a barrier frame needs a positive checkpoint id and no messages, had "
                    + barrier + " and " + count);
        }
        return new DataHeader(app, stream, count, watermark, (flags & END_OF_STREAM) != 0, barrier, in.position() - offset);
    }

    /**
     * Decodes the {@code count} messages at {@code payload[offset, end)} with the calling thread's codec
     * into {@code into} (grown if too small; the array used is returned).
     */
    static Message[] readMessages(WireCodec codec, byte[] payload, int offset, int end, int count, Message[] into) {
        Input in = codec.input(payload, offset, end - offset);
        Message[] messages = into.length >= count ? into : new Message[count];
        for (int i = 0; i < count; i++) {
            long timestamp = in.readVarLong(false);
            messages[i] = new Message(codec.readObject(in), timestamp);
        }
        return messages;
    }

    /** {@code [app, stream, messages]} of a CREDIT frame. */
    static int[] readCredit(byte[] payload) {
        Input in = new Input(payload);
        in.setPosition(1);
        return new int[] {in.readVarInt(true), in.readVarInt(true), in.readVarInt(true)};
    }

    static int readHello(byte[] payload) {
        Input in = new Input(payload);
        in.setPosition(1);
        return in.readVarInt(true);
    }

    private static void putInt(byte[] b, int at, int value) {
        b[at] = (byte) (value >>> 24);
        b[at + 1] = (byte) (value >>> 16);
        b[at + 2] = (byte) (value >>> 8);
        b[at + 3] = (byte) value;
    }

    private static void putIntLittleEndian(byte[] b, int at, int value) {
        b[at] = (byte) value;
        b[at + 1] = (byte) (value >>> 8);
        b[at + 2] = (byte) (value >>> 16);
        b[at + 3] = (byte) (value >>> 24);
    }

    private static ByteBuffer frame(Output out) {
        int length = out.position();
        ByteBuffer b = ByteBuffer.wrap(Arrays.copyOf(out.getBuffer(), length));
        b.putInt(0, length - 4);
        return b;
    }
}
