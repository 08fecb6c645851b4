package io.gearpump.net.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.gearpump.core.serialization.UnregisteredTypeException;
import io.gearpump.core.serialization.WireRegistry;
import io.gearpump.net.frame.FrameException;
import io.gearpump.net.protocol.FrameKind;
import io.gearpump.net.rpc.TestMessages.Echo;
import io.gearpump.net.rpc.TestMessages.Unregistered;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class RpcCodecTest {

    private final RpcCodec codec = new RpcCodec(TestMessages.registry(), 1 << 16);

    /** The payload of a frame: what the connection hands to the session. */
    private static byte[] payload(ByteBuffer frame) {
        int length = frame.getInt();
        assertEquals(frame.remaining(), length, "length prefix");
        byte[] payload = new byte[length];
        frame.get(payload);
        return payload;
    }

    private RpcMessage roundTrip(RpcMessage message) throws FrameException {
        byte[] payload = payload(codec.encode(message));
        assertEquals(FrameKind.CONTROL, payload[0]);
        return codec.decode(payload);
    }

    @Test
    void everyMessageSurvivesTheWire() throws FrameException {
        List<RpcMessage> messages = List.of(
                new RpcMessage.Request(1, new Echo("hello")),
                new RpcMessage.Request(Long.MAX_VALUE, null),
                new RpcMessage.Response(7, "text"),
                new RpcMessage.Response(8, null),
                new RpcMessage.Failure(9, RpcErrorCode.HANDLER_FAILED, "java.lang.IllegalStateException: naïve ☃"),
                new RpcMessage.Failure(10, RpcErrorCode.REFUSED, "unknown application id 7", 1),
                new RpcMessage.Ping(),
                new RpcMessage.Pong());
        for (RpcMessage m : messages) {
            assertEquals(m, roundTrip(m));
        }
    }

    @Test
    void anErrorCodeFromANewerPeerReadsAsUnknown() {
        assertEquals(RpcErrorCode.UNKNOWN, RpcErrorCode.fromWire(999));
        for (RpcErrorCode c : RpcErrorCode.values()) {
            assertEquals(c, RpcErrorCode.fromWire(c.wireCode()));
        }
    }

    @Test
    void aRegistryWithoutTheRpcTypesIsRefused() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new RpcCodec(WireRegistry.builder().build(), 1 << 16));
        assertTrue(e.getMessage().contains("RpcWireTypes.ENTRIES"), e.getMessage());
    }

    @Test
    void anUnregisteredBodyNamesItsClass() {
        UnregisteredTypeException e = assertThrows(UnregisteredTypeException.class,
                () -> codec.encode(new RpcMessage.Request(1, new Unregistered(3))));
        assertTrue(e.getMessage().contains(Unregistered.class.getName()), e.getMessage());
    }

    @Test
    void aMessageLargerThanAFrameIsRefusedNamingTheLimit() {
        RpcCodec small = new RpcCodec(TestMessages.registry(), 64);

        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> small.encode(new RpcMessage.Request(1, new Echo("x".repeat(100)))));

        assertTrue(e.getMessage().contains("gearpump.net.frame.max.bytes"), e.getMessage());
        assertTrue(e.getMessage().contains(Echo.class.getName()), e.getMessage());
    }

    @Test
    void bytesThatAreNotOneRpcMessageAreAFrameError() {
        byte[] valid = payload(codec.encode(new RpcMessage.Response(1, "ok")));
        byte[] trailing = new byte[valid.length + 1];
        System.arraycopy(valid, 0, trailing, 0, valid.length);
        byte[][] bad = {
                {FrameKind.CONTROL},
                {FrameKind.CONTROL, 0x7f},
                {FrameKind.CONTROL, 100 + 2, 1}, // a request cut short
                {FrameKind.CONTROL, 1 + 2, (byte) 0x81}, // a String
                {FrameKind.CONTROL, 102 + 2, 1, 1, (byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff, 0x07},
                trailing,
        };
        for (byte[] payload : bad) {
            assertThrows(FrameException.class, () -> codec.decode(payload), () -> "decoded " + java.util.Arrays.toString(payload));
        }
    }

    @Test
    void virtualThreadsShareAPoolOfCodecsSafely() throws Exception {
        List<CompletableFuture<byte[]>> frames = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            RpcMessage m = new RpcMessage.Request(i, new Echo("v" + i));
            CompletableFuture<byte[]> f = new CompletableFuture<>();
            Thread.ofVirtual().start(() -> {
                try {
                    f.complete(payload(codec.encode(m)));
                } catch (Throwable t) {
                    f.completeExceptionally(t);
                }
            });
            frames.add(f);
        }
        for (int i = 0; i < 200; i++) {
            byte[] payload = frames.get(i).get(15, TimeUnit.SECONDS);
            assertEquals(new RpcMessage.Request(i, new Echo("v" + i)), codec.decode(payload));
            assertArrayEquals(payload, payload(codec.encode(new RpcMessage.Request(i, new Echo("v" + i)))));
        }
    }
}
